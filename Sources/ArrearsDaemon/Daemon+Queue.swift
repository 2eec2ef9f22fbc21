import ArrearsEngine
import ArrearsRuntime
import ArrearsStore
import Glibc
import Logging
import SystemPackage

extension Daemon {
    /// Rewrites `queue.jsonl` (SPEC §5). When the file written last is still in place, its
    /// kept lines are copied and the edits committed since (``queueEdits``) applied; otherwise,
    /// or when there were too many edits or they do not fit it, every line is read from the
    /// store's queue index (also when editing fails). Returns whether the file was edited.
    @discardableResult
    func writeQueue() throws -> Bool {
        queueStamp = nil
        let edits = queueEdits
        var previous = queueLayout
        queueEdits = QueueEdits()
        queueLayout = nil
        let tail = QueueFileLayout.tail(ruleSet.label)
        if !edits.overflowed, let layout = previous, let identity = layout.identity, identity == queueWriter.identity() {
            let (removed, added) = edits.net()
            do {
                let (next, pieces) = try layout.applying(removed: removed, added: added, label: ruleSet.label, tailLength: tail.count)
                try writeQueue(next, pieces: pieces, added: added, tail: tail)
                return true
            } catch let mismatch as QueueFileLayout.Mismatch {
                logger.warning("queue file rebuilt from the store: its lines do not fit the changes (\(mismatch))")
            } catch {
                logger.warning("queue file rebuilt from the store: editing it failed (\(error))")
            }
        }
        // The replaced layout goes before the new one is built (a million lines take 64 MB).
        previous = nil
        let zone = updater.timeZone
        var layout = QueueFileLayout(label: ruleSet.label)
        try queueWriter.write { _, emit in
            try tail.withUnsafeBufferPointer { tail in
                try store.read { r in
                    layout.reserve(lines: try r.openItemCount)
                    try r.forEachQueueLineHead(render: { $0.queueLineHead(timeZone: zone) }) { position, head in
                        try emit(head)
                        try emit(tail)
                        layout.append(position, length: head.count + tail.count)
                    }
                }
            }
        }
        finishQueue(layout)
        return false
    }

    /// After each chunk of cases applied: pings the watchdog, and once the changes are too many
    /// to edit the queue file with, lets go of the file's layout (64 bytes a line), which the
    /// rebuild from the store that follows does not use, so that it is not held through the
    /// rest of a large batch or re-evaluation.
    func afterChunk(_ changes: QueueChanges) {
        pingWatchdog()
        if queueEdits.overflows(with: changes.edits) { queueLayout = nil }
    }

    /// Writes the queue file of `layout` from `pieces`: copies of the replaced file's bytes
    /// and `added` lines.
    private func writeQueue(_ layout: QueueFileLayout, pieces: [QueueFileLayout.Piece],
                            added: [(position: QueuePosition, head: String)], tail: [UInt8]) throws {
        var buffer = [UInt8](repeating: 0, count: QueueFileWriter.piece)
        try queueWriter.write { previous, emit in
            guard let previous else { throw Errno.noSuchFileOrDirectory }
            // The bytes of the replaced file at `window` are in `buffer`: the pieces come in
            // file order, so the many short heads of a relabelled file are read a buffer at a time.
            var window = 0..<0
            func copy(_ start: Int, _ count: Int) throws {
                var offset = start
                let end = offset + count
                while offset < end {
                    if !window.contains(offset) {
                        let read = try buffer.withUnsafeMutableBytes { bytes in
                            try previous.read(fromAbsoluteOffset: Int64(offset), into: bytes)
                        }
                        if read == 0 { throw Errno.ioError }  // the file is shorter than its layout
                        window = offset..<offset + read
                    }
                    let upTo = min(end, window.upperBound)
                    try buffer.withUnsafeBufferPointer {
                        try emit(UnsafeBufferPointer(rebasing: $0[(offset - window.lowerBound)..<(upTo - window.lowerBound)]))
                    }
                    offset = upTo
                }
            }
            for piece in pieces {
                switch piece {
                case .copy(let offset, let count):
                    try copy(offset, count)
                case .head(let offset, let count):
                    try copy(offset, count)
                    try tail.withUnsafeBufferPointer { try emit($0) }
                case .added(let k):
                    var head = added[k].head
                    try head.withUTF8 { try emit($0) }
                    try tail.withUnsafeBufferPointer { try emit($0) }
                }
            }
        }
        finishQueue(layout)
    }

    /// The layout of the queue file kept at start-up (written from the committed state, with
    /// this rule set), from the store's queue index alone, so that the first write after a
    /// restart edits the file too instead of reading every line from the store. Nil when an
    /// item has no stored line or the lines do not add up to the file's size.
    func keptQueueLayout(identity: String?) throws -> QueueFileLayout? {
        let tail = QueueFileLayout.tail(ruleSet.label).count
        var layout: QueueFileLayout? = QueueFileLayout(label: ruleSet.label)
        try store.read { r in
            layout?.reserve(lines: try r.openItemCount)
            try r.forEachQueuePosition { position, headBytes in
                guard let headBytes else { return layout = nil }
                layout?.append(position, length: headBytes + tail)
            }
        }
        guard var layout, layout.size == queueWriter.size() else { return nil }
        layout.identity = identity
        metrics.queueWritten(perAction: layout.perAction)
        return layout
    }

    private func finishQueue(_ written: QueueFileLayout) {
        var layout = written
        layout.identity = queueWriter.identity()
        queueStamp = layout.identity
        queueLayout = layout
        metrics.queueWritten(perAction: layout.perAction)
    }
}
