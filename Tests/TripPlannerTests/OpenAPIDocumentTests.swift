import Foundation
import XCTest
import Yams

/// `GET /openapi.yaml` is the contract as OpenAPI 3, kept in step with the routes the server
/// really has, as `GET /` lists them.
final class OpenAPIDocumentTests: XCTestCase {
    private struct Operation: Hashable {
        var method: String
        var path: String
        /// The security schemes it takes, none for an open one.
        var schemes: Set<String>
    }

    private static let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    /// The document and the server's own list of endpoints, both over HTTP.
    private func withDocument(_ body: @escaping @Sendable ([String: Any], Set<Operation>) throws -> Void) async throws {
        try await withServer { api in
            let reply = try await api.request(.get, "/openapi.yaml")
            assertStatus(reply, .ok)
            XCTAssertEqual(reply.headers[.contentType], "application/yaml; charset=utf-8")
            let document = try XCTUnwrap(try Yams.load(yaml: reply.text) as? [String: Any])
            let index = try await api.request(.get, "/").object()
            let endpoints = try XCTUnwrap(index["endpoints"] as? [[String: String]])
            let routes = Set(endpoints.map {
                Operation(
                    method: $0["method"]!.lowercased(), path: $0["path"]!,
                    schemes: $0["authentication"] == "none" ? [] : Set($0["authentication"]!.components(separatedBy: " or ")))
            })
            try body(document, routes)
        }
    }

    /// Every (path, method) of the document, with the security schemes it takes.
    private static func operations(_ document: [String: Any]) throws -> [Operation: [String: Any]] {
        let paths = try XCTUnwrap(document["paths"] as? [String: [String: Any]])
        func schemes(_ security: Any?) -> Set<String>? {
            (security as? [[String: Any]]).map { Set($0.flatMap(\.keys)) }
        }
        let secured = schemes(document["security"]) ?? []
        var operations: [Operation: [String: Any]] = [:]
        for (path, item) in paths {
            for method in methods {
                guard let operation = item[method] as? [String: Any] else { continue }
                operations[Operation(method: method, path: path, schemes: schemes(operation["security"]) ?? secured)] = operation
            }
        }
        return operations
    }

    func testDocumentsExactlyTheServersRoutes() async throws {
        try await withDocument { document, routes in
            XCTAssertTrue((document["openapi"] as? String)?.hasPrefix("3.") == true)
            let documented = Set(try Self.operations(document).keys)
            XCTAssertEqual(documented.subtracting(routes), [], "documented, but the server has no such route")
            XCTAssertEqual(routes.subtracting(documented), [], "served, but not documented (or documented with other auth)")
        }
    }

    func testEveryOperationHasExamples() async throws {
        try await withDocument { document, _ in
            for (operation, spec) in try Self.operations(document) {
                let name = "\(operation.method.uppercased()) \(operation.path)"
                if let body = spec["requestBody"] as? [String: Any] {
                    XCTAssertTrue(Self.hasExamples(body), "\(name): request body without an example")
                }
                let responses = try XCTUnwrap(spec["responses"] as? [String: Any], name)
                for (status, response) in responses where status.hasPrefix("2") {
                    let response = try XCTUnwrap(response as? [String: Any])
                    if response["content"] != nil {
                        XCTAssertTrue(Self.hasExamples(response), "\(name): \(status) without an example")
                    }
                }
            }
        }
    }

    func testEveryReferenceResolves() async throws {
        try await withDocument { document, _ in
            var references: [String] = []
            Self.visitObjects(document) { object in
                if let reference = object["$ref"] as? String {
                    references.append(reference)
                }
            }
            XCTAssertFalse(references.isEmpty)
            for reference in references {
                XCTAssertNotNil(Self.resolve(reference, in: document), "unresolved $ref \(reference)")
            }
        }
    }

    /// YAML's flow style splits at commas, so a message with one must be quoted; this catches
    /// an error example that parsed into something other than the contract's error shape.
    func testErrorExamplesHaveTheErrorShape() async throws {
        try await withDocument { document, _ in
            var errors: [[String: Any]] = []
            Self.visitObjects(document) { object in
                if let error = object["error"] as? [String: Any], error["code"] is String {
                    errors.append(error)
                }
            }
            XCTAssertGreaterThan(errors.count, 10)
            for error in errors {
                XCTAssertEqual(Set(error.keys).subtracting(["fields"]), ["code", "message"], "\(error)")
            }
        }
    }

    private static func hasExamples(_ object: [String: Any]) -> Bool {
        guard let content = object["content"] as? [String: [String: Any]], !content.isEmpty else { return false }
        return content.values.allSatisfy { $0["example"] != nil || $0["examples"] != nil }
    }

    /// Every object in the document, however deeply nested in objects and arrays.
    private static func visitObjects(_ value: Any, _ visit: ([String: Any]) -> Void) {
        if let object = value as? [String: Any] {
            visit(object)
            object.values.forEach { visitObjects($0, visit) }
        } else if let array = value as? [Any] {
            array.forEach { visitObjects($0, visit) }
        }
    }

    /// A local JSON pointer (`#/components/schemas/Trip`).
    private static func resolve(_ reference: String, in document: [String: Any]) -> Any? {
        guard reference.hasPrefix("#/") else { return nil }
        return reference.dropFirst(2).split(separator: "/").reduce(document as Any?) { node, key in
            (node as? [String: Any])?[String(key)]
        }
    }
}
