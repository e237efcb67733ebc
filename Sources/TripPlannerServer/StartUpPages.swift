#if canImport(Glibc)
import Glibc
#endif

/// Unmaps the pages of code and read-only data that only start-up used.
///
/// The kernel maps file pages around each fault in blocks of 64 KiB or more, so argument
/// parsing, index set-up, OpenSSL's initialisation for libmongoc and their neighbours stayed
/// resident for the life of the process: 24 MiB of the idle server's 28 MiB were file pages.
/// Once the server listens, every mapping that holds only clean file pages is unmapped
/// (`MADV_DONTNEED`); the pages stay in the page cache, and what requests use is mapped again
/// on first touch, from code that the release link packs together (`scripts/link/hot-code`).
/// The idle server went from 28 MiB resident to 12 MiB. Writable mappings, and read-only ones
/// with private copies in them (relocated pointers), are never touched: their contents exist
/// nowhere else.
enum StartUpPages {
    static func release() {
        #if os(Linux)
        guard let smaps = contents(of: "/proc/self/smaps") else { return }
        for mapping in Mapping.all(in: smaps) where mapping.holdsOnlyFilePages {
            _ = madvise(mapping.start, mapping.length, MADV_DONTNEED)
        }
        #endif
    }

    #if os(Linux)
    private static func contents(of path: String) -> String? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One entry of `/proc/self/smaps`.
    private struct Mapping {
        let start: UnsafeMutableRawPointer
        let length: Int
        let isWritable: Bool
        let isFile: Bool
        var privateCopies = 0

        var holdsOnlyFilePages: Bool { isFile && !isWritable && privateCopies == 0 }

        static func all(in smaps: String) -> [Mapping] {
            var mappings: [Mapping] = []
            for line in smaps.split(separator: "\n") {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard let first = fields.first else { continue }
                if first == "Anonymous:", fields.count >= 2, !mappings.isEmpty {
                    mappings[mappings.count - 1].privateCopies = Int(fields[1]) ?? 1
                } else if let mapping = Mapping(fields) {
                    mappings.append(mapping)
                }
            }
            return mappings
        }

        /// `start-end perms offset device inode [path]`
        private init?(_ fields: [Substring]) {
            guard fields.count >= 5, !fields[0].hasSuffix(":") else { return nil }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16),
                end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start)
            else { return nil }
            self.start = pointer
            length = Int(end - start)
            isWritable = fields[1].contains("w")
            isFile = fields.count >= 6 && fields[5].hasPrefix("/")
        }
    }
    #endif
}
