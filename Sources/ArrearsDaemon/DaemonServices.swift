import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Runs the daemon's loop on a thread of its own (it blocks in poll(2)) and stops it gracefully
/// on SIGTERM/SIGINT: the current batch finishes, the queue is written, the process exits 0.
struct DaemonLoopService: Service {
    let daemon: Daemon

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                let thread = Thread {
                    do {
                        try daemon.run()
                        continuation.resume()
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.name = "arrearsd-loop"
                thread.start()
            }
        } onGracefulShutdown: {
            daemon.requestStop()
        }
    }
}

/// SIGHUP asks the daemon to reload its rule set (SPEC §4.6); service-lifecycle has no reload of its own.
struct ReloadSignalService: Service {
    let daemon: Daemon

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            daemon.requestReload()
        }
    }
}

extension Daemon {
    /// Runs the daemon under a service group: graceful stop on SIGTERM and SIGINT, reload on SIGHUP.
    public func runUntilStopped() async throws {
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [
                .init(service: DaemonLoopService(daemon: self), successTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: ReloadSignalService(daemon: self), successTerminationBehavior: .ignore),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }
}
