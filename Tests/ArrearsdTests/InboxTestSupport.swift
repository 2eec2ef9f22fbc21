import Foundation
import Glibc

/// A valid invoice event as one JSON line.
func invoiceEvent(_ id: String) -> String {
    #"{"id":"\#(id)","type":"invoice","case":"C1","at":"2026-10-19T08:00:00+02:00","invoice":"I-\#(id)","amount":"84.10","due":"2026-11-02"}"#
}

extension TemporaryDirectory {
    /// The names in directory `name` (relative to the temporary directory), sorted.
    func list(_ name: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path(name)).sorted()
    }

    /// The text of file `name`.
    func read(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }

    func exists(_ name: String) -> Bool {
        var st = stat()
        return lstat(path(name), &st) == 0
    }
}
