import Logging

/// Stable journald `MESSAGE_ID`s, one per kind of record (128-bit, lowercase hex, no dashes).
///
/// These values are a contract with operators (`journalctl MESSAGE_ID=…`): never change one.
/// Attach one to a record with `metadata: [MessageID.metadataKey: .messageID(.ruleSetLoaded)]`.
public enum MessageID: String, Sendable, CaseIterable {
    case ruleSetLoaded = "ca25935055d34a259460bd0cf477fe52"
    case reloadFailed = "17ee047a5a49464d84763d5aefdab93e"
    case workItemOpened = "bcb4cae58785420b91991ca575332223"
    case workItemUpdated = "935f8ec720ad4651bde6db059dd83607"
    case workItemWithdrawn = "bda375e91c6747c68ccb24ed48c4c3ea"
    case workItemClosed = "c98c1744dc2944e5945a7048cbf0d252"
    case inputRejected = "4444cb51a90b4c2c974076a4eabf6911"
    case batchApplied = "9004a98337714afdbc17937e3a310470"
    case daemonStarted = "611ad53be7a543e1a385ea96de370aee"
    case daemonStopping = "8da1c419eb1b4414a383933fd9a5de18"

    /// The metadata key that becomes the journald field `MESSAGE_ID`.
    public static let metadataKey = "message_id"
}

extension Logger.MetadataValue {
    /// The metadata value for a `MessageID`.
    public static func messageID(_ id: MessageID) -> Logger.MetadataValue {
        .string(id.rawValue)
    }
}
