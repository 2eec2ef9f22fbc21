import ArrearsEngine
import Crypto
import Foundation
import SystemPackage

/// The bytes of one accepted inbox file and their SHA-256.
public struct InputFile: Sendable {
    public let name: String
    public let path: String
    public let bytes: Data
    /// The SHA-256 of `bytes`, 64 lowercase hex digits.
    public let sha256: String

    /// What reading a file came to.
    public enum Outcome: Sendable {
        case read(InputFile)
        /// The file is gone (taken away between scan and read): nothing to do.
        case vanished
        /// Move it to `rejected/` unread, saying `reason`.
        case refused(reason: String)
    }

    /// Reads `path` completely, without following a link and without blocking on a FIFO;
    /// refuses what is not a regular file or holds more than `maxFileSize` bytes.
    public static func read(_ path: String, maxFileSize: Int64) -> Outcome {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(FilePath(path), .readOnly, options: [.noFollow, .nonBlocking, .closeOnExec])
        } catch let error as Errno where error == .noSuchFileOrDirectory {
            return .vanished
        } catch let error as Errno where error == .tooManySymbolicLinkLevels {
            return .refused(reason: InboxScanner.refusal(type: .symbolicLink, size: 0, maxFileSize: maxFileSize)!)
        } catch {
            return .refused(reason: "cannot be opened: \((error as? Errno)?.description ?? "\(error)")")
        }
        defer { try? fd.close() }
        var bytes = Data()
        do {
            let stat = try fd.stat()
            if let reason = InboxScanner.refusal(type: stat.type, size: stat.size, maxFileSize: maxFileSize) {
                return .refused(reason: reason)
            }
            // A buffer of the file's size and one byte more, so that the read which finds the
            // end needs no second buffer; it grows only when the file grows while being read.
            var buffer = [UInt8](repeating: 0, count: Int(clamping: min(stat.size, maxFileSize)) + 1)
            var filled = 0
            while true {
                if filled == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
                let count = try buffer.withUnsafeMutableBytes { try fd.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
                if count == 0 { break }
                filled += count
                if Int64(filled) > maxFileSize {
                    return .refused(reason: "grew beyond --max-file-size (\(maxFileSize) bytes) while being read")
                }
            }
            bytes = Data(buffer[..<filled])
        } catch {
            return .refused(reason: "cannot be read: \((error as? Errno)?.description ?? "\(error)")")
        }
        let name = FileSystemCalls.lastComponent(path)
        return .read(InputFile(name: name, path: path, bytes: bytes, sha256: hex(SHA256.hash(data: bytes))))
    }

    /// The events and rejected lines of the file (rejected lines carry `name`).
    public func events(_ reader: EventFileReader = EventFileReader()) -> (events: [Event], rejected: [RejectedLine]) {
        reader.read(bytes, name: name)
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
