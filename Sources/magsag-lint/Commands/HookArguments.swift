import ArgumentParser

/// The hooks' argument lists, read without ArgumentParser when they are plain.
///
/// git runs a hook on every commit and push, so its start-up counts. ArgumentParser's first parse of
/// the command tree costs about 2.5 ms: it reflects over every option group, and each reflection asks
/// the Swift runtime for protocol conformances that it finds by scanning the whole binary's
/// conformance records (23 M instructions for `hook pre-commit`). The scripts `install` writes pass
/// only a hook's name and git's own arguments, so this reader takes the hooks' options in their
/// plain forms (`--name value`, `--name=value`, flags), converts values with the same
/// `ExpressibleByArgument` initialisers and runs the same validation. Everything else returns nil and
/// goes to ArgumentParser, which then parses, or reports, exactly as before: help, an unknown,
/// repeated or short option, `--`, a value that starts with `-` or does not convert, a missing or
/// extra positional argument, a failed validation.
enum HookArguments {
    /// The hook command `arguments` (the process's, program name first) ask for, or nil when they are
    /// not in the plain form read here.
    static func command(_ arguments: [String]) -> (any ParsableCommand)? {
        guard arguments.count >= 3, arguments[1] == "hook" else { return nil }
        let positionalLimit: Int
        switch arguments[2] {
        case "pre-commit": positionalLimit = 0
        case "pre-push": positionalLimit = 2
        default: return nil
        }
        guard let read = read(arguments.dropFirst(3), positionalLimit: positionalLimit) else { return nil }
        var settings = SettingsOptions()
        settings.config = read.values["config"]
        if let level = read.values["fail-level"] {
            guard let severity = SeverityArgument(argument: level) else { return nil }
            settings.failLevel = severity
        } else {
            settings.failLevel = nil
        }
        settings.strict = read.flags.contains("strict")
        settings.today = read.values["today"]
        settings.baseline = read.values["baseline"]
        settings.writeBaseline = read.values["write-baseline"]
        settings.strictBaseline = read.flags.contains("strict-baseline")
        settings.noCache = read.flags.contains("no-cache")
        var options = HookOptions()
        options.repository = read.values["repository"] ?? "."
        if let format = read.values["format"] {
            guard let parsed = OutputFormat(argument: format) else { return nil }
            options.format = parsed
        } else {
            options.format = .concise
        }
        if let size = read.values["max-file-size"] {
            guard let parsed = Int(argument: size) else { return nil }
            options.maxFileSize = parsed
        } else {
            options.maxFileSize = nil
        }
        options.settings = settings
        options.all = read.flags.contains("all")
        // ArgumentParser validates each option group as it decodes it (`HookOptions.validate` checks
        // the settings too); a failure goes back to it so that it prints its usage message.
        do {
            try options.validate()
        } catch {
            return nil
        }
        if positionalLimit == 0 {
            var command = PreCommitHookCommand()
            command.options = options
            return command
        }
        guard let remote = read.positionals.first else { return nil }
        var command = PrePushHookCommand()
        command.remote = remote
        command.url = read.positionals.count > 1 ? read.positionals[1] : nil
        command.options = options
        return command
    }

    /// The hooks' options that take a value, by long name (`fail-on` is `fail-level`'s other name).
    static let valueOptions: Set<String> = [
        "repository", "format", "max-file-size", "config", "fail-level", "today", "baseline", "write-baseline",
    ]
    /// The hooks' flags, by long name.
    static let flags: Set<String> = ["strict", "strict-baseline", "no-cache", "all"]

    private struct Read {
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var positionals: [String] = []
    }

    private static func read(_ tokens: ArraySlice<String>, positionalLimit: Int) -> Read? {
        var read = Read()
        var rest = tokens[...]
        while let token = rest.popFirst() {
            guard token.hasPrefix("-") else {
                guard read.positionals.count < positionalLimit, !token.isEmpty else { return nil }
                read.positionals.append(token)
                continue
            }
            // Short options, `--` and anything not spelled `--name` are ArgumentParser's to read.
            guard token.hasPrefix("--"), token.utf8.count > 2 else { return nil }
            let body = token.dropFirst(2)
            let name: String
            let inline: String?
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                inline = String(body[body.index(after: equals)...])
            } else {
                name = String(body)
                inline = nil
            }
            if flags.contains(name) {
                guard inline == nil, read.flags.insert(name).inserted else { return nil }
                continue
            }
            let key = name == "fail-on" ? "fail-level" : name
            guard valueOptions.contains(key), read.values[key] == nil else { return nil }
            guard let value = inline ?? rest.popFirst(), !value.isEmpty, !value.hasPrefix("-") else { return nil }
            read.values[key] = value
        }
        return read
    }
}
