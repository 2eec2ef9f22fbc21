import ArrearsEngine

/// Where each line of the queue file written last lies, in queue order (SPEC §5), so that the
/// next write can copy the unchanged lines from that file instead of reading every open item
/// from the store. A small batch then rewrites the queue at the speed of a file copy.
struct QueueFileLayout {
    struct Line {
        let position: QueuePosition
        let offset: Int
        /// Bytes, with the newline.
        let length: Int
    }

    /// The file's lines differ from what the edits expect: a line to remove is missing, or an
    /// added line takes the place of one that stays. The queue is then rewritten from the store.
    struct Mismatch: Error, CustomStringConvertible {
        let description: String
    }

    private(set) var lines: [Line] = []
    /// Open items per action in the file.
    private(set) var perAction: [String: Int] = [:]
    /// The rule set label every line ends with.
    let label: String
    /// The identity (``QueueFileWriter/identity()``) of the file this describes, once written.
    var identity: String?
    /// The file's size in bytes.
    private(set) var size = 0

    init(label: String) { self.label = label }

    /// What every line of a queue file written with the rule set `label` ends with: its
    /// `ruleset` field, the closing brace and the newline.
    static func tail(_ label: String) -> [UInt8] { Array((WorkItem.queueLineTail(ruleSet: label) + "\n").utf8) }

    /// Makes room for `lines` lines at once: grown by doubling, a layout of a million lines
    /// would pass through 100 MB (the old and the new array) while it is built.
    mutating func reserve(lines count: Int) { lines.reserveCapacity(count) }

    /// Appends the next line of the file being written.
    mutating func append(_ position: QueuePosition, length: Int) {
        lines.append(Line(position: position, offset: size, length: length))
        perAction[position.action, default: 0] += 1
        size += length
    }

    /// A piece of the next file: bytes copied from this layout's file, a line's head copied
    /// from it (followed by the new tail), or an added line.
    enum Piece {
        case copy(offset: Int, count: Int)
        case head(offset: Int, count: Int)
        case added(Int)
    }

    /// The next file with `removed` lines left out and `added` lines put in their places (both
    /// lists in queue order), every line ending with the tail of `label` (`tailLength` bytes
    /// after its head): its layout, and how to produce it. Kept lines are copied whole when
    /// the label is this file's, else their heads are (after a reload, when only the
    /// `ruleset` field of most lines changes). Throws ``Mismatch`` when the edits do not fit
    /// this file.
    func applying(removed: [QueuePosition], added: [(position: QueuePosition, head: String)],
                  label: String, tailLength: Int) throws(Mismatch) -> (layout: QueueFileLayout, pieces: [Piece]) {
        var next = QueueFileLayout(label: label)
        // The length of this file's tail, when the kept lines need the new one.
        let oldTail = label == self.label ? nil : Self.tail(self.label).count
        next.lines.reserveCapacity(lines.count - removed.count + added.count)
        var pieces: [Piece] = []
        // The run of kept lines not yet in `pieces`: they lie one after the other in the old file.
        var run: (offset: Int, count: Int)?
        func flush() {
            if let r = run { pieces.append(.copy(offset: r.offset, count: r.count)) }
            run = nil
        }
        var (i, r, a) = (0, 0, 0)
        while i < lines.count || a < added.count {
            if a < added.count, i == lines.count || added[a].position < lines[i].position {
                flush()
                pieces.append(.added(a))
                next.append(added[a].position, length: added[a].head.utf8.count + tailLength)
                a += 1
                continue
            }
            let line = lines[i]
            i += 1
            if r < removed.count {
                if removed[r] == line.position {
                    r += 1
                    flush()
                    continue
                }
                if removed[r] < line.position { throw Mismatch(missing: removed[r]) }
            }
            if a < added.count, added[a].position == line.position {
                throw Mismatch(description: "a line for \(line.position.caseID)/\(line.position.action) is there already")
            }
            if let oldTail {
                guard line.length >= oldTail else { throw Mismatch(description: "a line is shorter than its tail") }
                pieces.append(.head(offset: line.offset, count: line.length - oldTail))
                next.append(line.position, length: line.length - oldTail + tailLength)
                continue
            }
            if let current = run {
                run = (current.offset, current.count + line.length)
            } else {
                run = (line.offset, line.length)
            }
            next.append(line.position, length: line.length)
        }
        flush()
        if r < removed.count { throw Mismatch(missing: removed[r]) }
        return (next, pieces)
    }
}

extension QueueFileLayout.Mismatch {
    init(missing position: QueuePosition) {
        description = "no line for \(position.caseID)/\(position.action) to remove"
    }
}
