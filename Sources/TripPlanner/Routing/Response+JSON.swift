import Hummingbird

extension Response {
    /// A JSON response with the app's coding conventions, written by `JSONWriter`.
    static func json(
        _ value: some JSONWritable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) throws -> Response {
        // Enough for one trip of a dozen waypoints without growing; pages grow it a few times.
        var json = JSONWriter(capacity: 1024)
        try json.write(value)
        // The fields and their order Hummingbird's own JSON responses have.
        var fields: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        fields[.contentLength] = String(json.bytes.count)
        fields.append(contentsOf: headers)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: json.bytes)))
    }

    /// A single owned document with its `ETag`.
    static func document(
        _ document: some OwnedDocument & JSONWritable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) throws -> Response {
        var headers = headers
        headers[.eTag] = document.etag.header
        return try json(document, status: status, headers: headers)
    }
}
