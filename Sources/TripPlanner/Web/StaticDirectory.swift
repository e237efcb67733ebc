#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import NIOCore
import NIOPosix

/// A directory whose files are served read-only, and nothing outside it: a request path is
/// refused unless every component is a plain name (no `..`, `.`, hidden or empty component),
/// and the file it resolves to, symbolic links followed, must still lie inside the directory.
struct StaticDirectory: Sendable {
    let root: URL

    /// Whether the directory exists now (the libraries' may be installed later), asked off the event loop.
    func exists() async throws -> Bool {
        let root = self.root
        return try await NIOThreadPool.singleton.runIfActive {
            // Symbolic links followed, as for the files themselves.
            let attributes = try? FileManager.default.attributesOfItem(atPath: root.resolvingSymlinksInPath().path)
            return attributes?[.type] as? FileAttributeType == .typeDirectory
        }
    }

    /// The file at `components` below the root, read off the event loop; `nil` when there is
    /// no such file or the path is not one this directory serves.
    func file(_ components: some BidirectionalCollection<Substring> & Sendable) async throws -> StaticFile? {
        guard !components.isEmpty, components.allSatisfy(Self.isPlainName),
            let type = components.last.flatMap(StaticFile.contentType(of:))
        else { return nil }
        let root = self.root
        return try await NIOThreadPool.singleton.runIfActive {
            let rootPath = root.resolvingSymlinksInPath().path + "/"
            let file = components.reduce(root) { $0.appending(path: String($1)) }.resolvingSymlinksInPath()
            guard file.path.hasPrefix(rootPath), let data = FileManager.default.contents(atPath: file.path) else {
                return nil
            }
            return StaticFile(body: ByteBuffer(bytes: data), contentType: type)
        }
    }

    private static func isPlainName(_ component: Substring) -> Bool {
        !component.isEmpty && !component.hasPrefix(".") && !component.contains("\\") && !component.contains("\0")
    }
}

/// A file's bytes and the type it is served as; scripts under `nosniff` need the exact one.
struct StaticFile: Sendable {
    let body: ByteBuffer
    let contentType: String

    private static let types = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png",
    ]

    /// Only the kinds of file a web page loads are served at all.
    static func contentType(of name: Substring) -> String? {
        name.lastIndex(of: ".").flatMap { types[String(name[name.index(after: $0)...])] }
    }
}
