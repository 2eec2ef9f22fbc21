import ArgumentParser
import ArrearsEngine
import ArrearsRuntime
import ArrearsStore
import Foundation

/// The daemon's store opened read-only for the CLI (`queue`, `explain --data`): safe while
/// the daemon runs, since the store is in WAL mode and SQLite refuses every write here.
struct StoreAccess {
    let store: StateStore
    /// The stored content hash of the rule set the daemon last loaded (meta `ruleset_hash`).
    let ruleSetHash: String?
    /// The label of that rule set (meta `ruleset_label`, written by daemons since the store
    /// kept queue lines) and the time zone its queue lines are in (meta `queue_line_zone`).
    var storedLabel: String?
    var storedZone: String?

    /// Opens `DATA/state.sqlite` read-only, or prints why not and exits 74 (EX_IOERR).
    static func open(data: String, parser: EventParser = EventParser()) throws -> StoreAccess {
        var stderr = StandardError()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: data, isDirectory: &isDirectory), isDirectory.boolValue else {
            print("error: data directory \(data) does not exist or is not a directory", to: &stderr)
            throw ExitCode(ExitStatus.ioError)
        }
        let path = URL(fileURLWithPath: data).appendingPathComponent(StateStore.fileName).path
        guard FileManager.default.fileExists(atPath: path) else {
            print("error: \(path) does not exist: the daemon has not run with --data \(data) yet", to: &stderr)
            throw ExitCode(ExitStatus.ioError)
        }
        do {
            let store = try StateStore.openReadOnly(path: path, parser: parser)
            let (hash, label, zone) = try store.read { r in
                (try r.meta("ruleset_hash"), try r.meta("ruleset_label"), try r.meta("queue_line_zone"))
            }
            return StoreAccess(store: store, ruleSetHash: hash, storedLabel: label, storedZone: zone)
        } catch {
            print("error: cannot read \(path): \(error)", to: &stderr)
            throw ExitCode(ExitStatus.ioError)
        }
    }

    /// Runs `body` on one snapshot; a store error is printed and exits 74.
    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        do {
            return try store.read(body)
        } catch {
            var stderr = StandardError()
            print("error: reading the store failed: \(error)", to: &stderr)
            throw ExitCode(ExitStatus.ioError)
        }
    }

    /// The label (`name@hash8`) of the rule set the stored items were made under: the stored
    /// one, else from `ruleSet` when that is the same rule set (same hash), else `?@hash8`.
    func ruleSetLabel(matching ruleSet: RuleSet?) -> String {
        if let storedLabel { return storedLabel }
        if let ruleSet, let hash = ruleSet.contentHash, hash == ruleSetHash { return ruleSet.label }
        return "?@" + String((ruleSetHash ?? "00000000").prefix(8))
    }
}

extension StoreAccess {
    /// The time zone of the stored queue lines, else of `ruleSet`, else Europe/Amsterdam.
    func timeZone(_ ruleSet: RuleSet?) -> LocalTimeZone {
        storedZone.flatMap(LocalTimeZone.init(identifier:))
            ?? ruleSet.flatMap { ContactCalendar(settings: $0.calendar)?.timeZone }
            ?? LocalTimeZone(identifier: "Europe/Amsterdam")!
    }
}

/// The rule set of `directory` if it loads, without printing anything (for labels and the
/// time zone of commands that can do without it).
func loadRuleSetQuietly(_ directory: String) -> RuleSet? {
    RuleDirectory.load(directory).ruleSet
}
