import SystemPackage

/// A data directory that cannot be used as SPEC §1 requires: missing, not writable, or a file
/// operation in it failed. The daemon reports `message` and exits 74 (EX_IOERR).
public struct DataDirectoryError: Error, Sendable, CustomStringConvertible, Equatable {
    public let message: String

    public init(_ message: String) { self.message = message }

    /// "cannot ACTION 'PATH': reason".
    init(_ action: String, _ path: String, _ errno: Errno) {
        message = "cannot \(action) '\(path)': \(errno.description)"
    }

    public var description: String { message }
}

/// Runs `body`, turning a system error into a `DataDirectoryError` naming `action` and `path`.
func attempt<T>(_ action: String, _ path: String, _ body: () throws -> T) throws(DataDirectoryError) -> T {
    do {
        return try body()
    } catch let error as DataDirectoryError {
        throw error
    } catch let errno as Errno {
        throw DataDirectoryError(action, path, errno)
    } catch {
        throw DataDirectoryError("cannot \(action) '\(path)': \(error)")
    }
}
