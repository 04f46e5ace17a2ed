import MagsagCatalog
import MagsagLintCore

/// Shared wording of the contract-evolution diagnostics.
enum ContractWording {
    /// "the input of main.a-mag and the output of skill.lookup".
    static func affected(_ consumers: [ContractConsumer]) -> String {
        var parts: [String] = []
        for direction in ContractDirection.allCases {
            let names = unique(consumers.filter { $0.direction == direction }.map(\.name))
            guard !names.isEmpty else { continue }
            parts.append("the \(direction == .accepting ? "input" : "output") of \(names.joined(separator: ", "))")
        }
        return parts.joined(separator: " and ")
    }

    static func names(_ consumers: [ContractConsumer]) -> String {
        unique(consumers.map(\.name)).joined(separator: ", ")
    }

    /// The descriptor fields declaring the contract.
    static func related(_ consumers: [ContractConsumer]) -> [Location] {
        var seen: Set<String> = []
        return consumers.compactMap { consumer in
            let key = consumer.field.path + consumer.field.pointer.description
            guard seen.insert(key).inserted else { return nil }
            return consumer.field.location("\(consumer.role) contract of \(consumer.name)")
        }
    }

    static func label(_ change: SchemaChange) -> String {
        switch change.effect {
        case .narrowing: "narrows what is valid"
        case .widening: "widens what is valid"
        default: "changes what is valid"
        }
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}
