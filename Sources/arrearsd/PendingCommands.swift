import ArgumentParser

struct QueueCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "queue", abstract: "Show the queue of open work items.")
    @OptionGroup var common: CommonOptions
}

struct SimulateCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "simulate", abstract: "Show what a candidate rule set would change in the queue.")
    @OptionGroup var common: CommonOptions
}

struct GenerateCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "generate", abstract: "Write a realistic synthetic event stream.")
}
