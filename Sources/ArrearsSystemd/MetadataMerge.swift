import Logging

extension Logger.Metadata {
    /// Handler metadata, overridden by the provider's, overridden by the record's
    /// (the order swift-log's own handlers use).
    static func merged(
        handler: Logger.Metadata,
        provider: Logger.MetadataProvider?,
        event: Logger.Metadata?
    ) -> Logger.Metadata {
        let provided = provider?.get()
        // The common case (no handler metadata, no provider): the record's own, uncopied.
        if handler.isEmpty, provided?.isEmpty ?? true { return event ?? [:] }
        var result = handler
        if let provided, !provided.isEmpty {
            result.merge(provided) { _, new in new }
        }
        if let event, !event.isEmpty {
            result.merge(event) { _, new in new }
        }
        return result
    }
}
