import ArgumentParser
import ArrearsEngine
import ArrearsStore

/// How `queue` prints.
enum QueueFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Show the queue of open work items, read from the daemon's store.",
        discussion: """
            Opens DATA/state.sqlite read-only (safe while the daemon runs) and lists the open \
            items in queue order: priority high first, then due, case, action (SPEC §5). \
            --format json prints one object per line, like the lines of queue.jsonl. Times are \
            shown in the time zone and with the ruleset label the daemon recorded in the store \
            (stores of older daemons: those of --rules when it is the same rule set). Exit 74 \
            when the data directory or its store is missing or unusable.
            """
    )

    @Option(help: "Data directory (holds state.sqlite).") var data: String = "./var"
    @Option(help: "Rules directory: gives the time zone and the rule set name of the labels.") var rules: String = "./rules"
    @Option(help: "Show only the first N items.") var top: Int?
    @Option(help: "table or json (one queue.jsonl line per item).") var format: QueueFormat = .table

    func validate() throws {
        if let top, top < 0 { throw ValidationError("--top must be 0 or more") }
    }

    func run() throws {
        let access = try StoreAccess.open(data: data)
        let ruleSet = loadRuleSetQuietly(rules)
        let zone = access.timeZone(ruleSet)
        // Read in queue order from the store's queue index, `--top` items only: the first
        // items of a million-item queue come at once, and JSON lines are printed as read.
        switch format {
        case .json:
            let label = access.ruleSetLabel(matching: ruleSet)
            try access.read { r in try r.forEachOpenItem(limit: top) { print($0.queueLine(timeZone: zone, ruleSet: label)) } }
        case .table:
            let (items, total) = try access.read { r in
                var items: [WorkItem] = []
                try r.forEachOpenItem(limit: top) { items.append($0) }
                return (items, try r.openItemCount)
            }
            print(QueueTable(items: items, timeZone: zone).text, terminator: "")
            print(items.count == total ? "\(total) open items" : "\(items.count) of \(total) open items")
        }
    }
}

/// Open items as aligned text columns.
struct QueueTable {
    let items: [WorkItem]
    let timeZone: LocalTimeZone

    static let headers = ["PRIO", "DUE", "CASE", "ACTION", "CHANNEL", "CONTACT UNTIL", "ID", "RULES"]

    /// `2026-11-25 07:00` in the time zone.
    func local(_ t: Instant) -> String {
        let l = timeZone.local(t)
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(l.date) \(pad(l.secondOfDay / 3600)):\(pad(l.secondOfDay / 60 % 60))"
    }

    var rows: [[String]] {
        items.map { item in
            [String(item.priority), local(item.due), item.id.caseID.rawValue, item.id.action,
             item.channel?.rawValue ?? "-", item.contactUntil.map(local) ?? "-", item.id.description,
             item.rules.joined(separator: ",")]
        }
    }

    var text: String { alignedColumns([Self.headers] + rows, rightAligned: [0]) }
}

/// Rows as columns padded to their widest cell, separated by two spaces; the last column is not padded.
func alignedColumns(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
    guard let columns = rows.first?.count else { return "" }
    var widths = Array(repeating: 0, count: columns)
    for row in rows { for (k, cell) in row.enumerated() { widths[k] = max(widths[k], cell.count) } }
    var out = ""
    for row in rows {
        var line = ""
        for (k, cell) in row.enumerated() {
            let padding = String(repeating: " ", count: widths[k] - cell.count)
            if k > 0 { line += "  " }
            if rightAligned.contains(k) { line += padding + cell } else { line += k == columns - 1 ? cell : cell + padding }
        }
        out += line + "\n"
    }
    return out
}
