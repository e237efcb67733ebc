#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator, tuned for a server whose request bodies come in 64 KiB reads.
enum MallocTuning {
    /// glibc serves blocks from 128 KiB up with mmap, but raises that threshold to the size of
    /// any such block freed, up to 32 MiB; from then on upload buffers come from its arenas,
    /// which keep most of the memory after the uploads end. A fixed threshold of 64 KiB keeps
    /// NIO's largest read buffers and the bodies collected from them mmapped, and returned when
    /// freed: after 1,000 unfinished uploads, resident memory went back to 56 MiB instead of
    /// 121 MiB (from 33 MiB before them). Small requests read into small buffers, untouched.
    static func returnLargeBuffersWhenFreed() {
        #if canImport(Glibc)
        // mallopt is not in the Glibc module; M_MMAP_THRESHOLD is -3 in <malloc.h>.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(-3, 64 << 10)
        #endif
    }
}
