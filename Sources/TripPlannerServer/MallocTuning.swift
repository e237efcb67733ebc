#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator, tuned for a server whose request bodies come in 64 KiB reads and whose
/// threads mostly wait.
enum MallocTuning {
    /// glibc serves blocks from 128 KiB up with mmap, but raises that threshold to the size of
    /// any such block freed, up to 32 MiB; from then on upload buffers come from its arenas,
    /// which keep most of the memory after the uploads end. A fixed threshold of 64 KiB keeps
    /// NIO's largest read buffers and the bodies collected from them mmapped, and returned when
    /// freed: after 1,000 unfinished uploads, resident memory went back to 56 MiB instead of
    /// 121 MiB (from 33 MiB before them). Small requests read into small buffers, untouched.
    static func returnLargeBuffersWhenFreed() {
        mallopt(mmapThreshold, 64 << 10)
    }

    /// glibc gives threads that allocate at the same time arenas of their own, up to 8 per
    /// core, and each keeps the memory it once held. The server's threads (event loop, driver
    /// connections, bcrypt, Swift's pool) take turns more than they compete, and small blocks
    /// come from per-thread caches that need no arena lock: one arena served the benchmark's
    /// load for the same CPU with 1.2 MiB less resident memory than the default.
    static func shareOneArena() {
        mallopt(arenaMax, 1)
    }

    // In <malloc.h>, which the Glibc module does not import.
    private static var mmapThreshold: Int32 { -3 }
    private static var arenaMax: Int32 { -8 }

    private static func mallopt(_ parameter: Int32, _ value: Int32) {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(parameter, value)
        #endif
    }
}
