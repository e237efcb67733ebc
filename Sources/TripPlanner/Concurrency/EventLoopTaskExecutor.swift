import NIOCore
import NIOPosix

/// Runs tasks on the event loops Hummingbird serves on, rather than on Swift Concurrency's
/// own thread pool.
///
/// Otherwise every request crosses threads twice more than it must: from the event loop that
/// read it to the pool that runs its handler, and back to the event loop to write the response.
/// Profiles of `GET /trips/{id}` had those wake-ups and context switches as the largest share
/// of server CPU. A job goes to the event loop it was enqueued from when there is one (the
/// loop that just read a request resumes its handler), otherwise to the next loop in turn.
/// Handlers never block: bcrypt and the database driver run on thread pools of their own.
///
/// NIO's `unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor` would do
/// this for the whole process, but finds no hook to install in a binary that links the Swift
/// runtime statically, as the server is deployed. A task executor preference covers the
/// tasks that serve requests, which inherit it, and leaves unstructured tasks where they were.
public final class EventLoopTaskExecutor: TaskExecutor {
    /// The executor of the group Hummingbird uses by default.
    public static let singleton = EventLoopTaskExecutor(group: .singleton)

    private let group: MultiThreadedEventLoopGroup

    init(group: MultiThreadedEventLoopGroup) {
        self.group = group
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        group.any().execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
