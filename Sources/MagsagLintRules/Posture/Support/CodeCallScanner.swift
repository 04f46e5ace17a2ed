/// Finds function calls in JavaScript, TypeScript and Python source by a lexical scan: comments, string
/// literals (template literals included, with their `${…}` parts) and JavaScript regular-expression
/// literals are skipped, and each call is reported with its callee as written, a dotted chain of
/// identifiers (`child_process.exec`, `os.system`, `eval`).
///
/// Limits (no parser, no name resolution): aliases are not followed (`const run = eval; run(x)`,
/// `import subprocess as sp`, `const { exec } = require("child_process")` then `exec(…)` is the callee
/// `exec`), calls on expressions (`require("child_process").exec(…)`, `obj["eval"](…)`) have no chain
/// and are not seen, code inside template-literal and f-string interpolations is skipped, and the
/// regular-expression heuristic (a `/` after an operator or an opening bracket) can mistake a rare
/// division for a literal. In JavaScript a name followed by a parameter list and a body (`exec(cmd) {`,
/// `exec(cmd: string): void {`) is a method definition, not a call.
enum CodeCallScanner {
    enum Language: Sendable { case javaScript, python }

    /// A call: the callee chain and its byte range.
    struct Call: Sendable, Equatable {
        var callee: String
        var range: Range<Int>
    }

    static let extensions: [String: Language] = [
        "js": .javaScript, "mjs": .javaScript, "cjs": .javaScript, "jsx": .javaScript,
        "ts": .javaScript, "tsx": .javaScript, "mts": .javaScript, "cts": .javaScript, "py": .python,
    ]

    /// Every call in `bytes`, in file order.
    static func calls(in bytes: [UInt8], language: Language) -> [Call] {
        var scanner = State(bytes: bytes, language: language)
        scanner.run()
        return scanner.calls
    }

    private struct State {
        let bytes: [UInt8]
        let language: Language
        var i = 0
        var calls: [Call] = []
        /// The last significant byte outside comments and strings (0 at the start).
        var previous: UInt8 = 0
        /// The last identifier read (for `def`/`function` before a name).
        var previousWord: ArraySlice<UInt8> = []

        init(bytes: [UInt8], language: Language) {
            self.bytes = bytes
            self.language = language
        }

        mutating func run() {
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1; continue }
                if skipCommentOrString() { continue }
                if startsName(at: i) {
                    identifierOrCall()
                    continue
                }
                if isDigit(b) {
                    while i < bytes.count, isIdentifierPart(bytes[i]) || bytes[i] == UInt8(ascii: ".") { i += 1 }
                    previous = UInt8(ascii: "0")
                    previousWord = []
                    continue
                }
                previous = b
                previousWord = []
                i += 1
            }
        }

        /// Skips a comment, string, template or regular-expression literal at `i`; false when there is none.
        mutating func skipCommentOrString() -> Bool {
            let b = bytes[i]
            let next: UInt8 = i + 1 < bytes.count ? bytes[i + 1] : 0
            switch language {
            case .python:
                if b == UInt8(ascii: "#") { skipLine(); return true }
                if b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") { skipPythonString(); return true }
            case .javaScript:
                if b == UInt8(ascii: "/"), next == UInt8(ascii: "/") { skipLine(); return true }
                if b == UInt8(ascii: "/"), next == UInt8(ascii: "*") { skipBlockComment(); return true }
                if b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") { skipQuoted(b); return true }
                if b == UInt8(ascii: "`") { skipTemplate(); return true }
                if b == UInt8(ascii: "/"), regexMayStart { skipRegex(); return true }
            }
            return false
        }

        var regexMayStart: Bool {
            if previous == 0 { return true }
            if !previousWord.isEmpty {
                return ["return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await"]
                    .contains { previousWord.elementsEqual($0.utf8) }
            }
            return Array("(,=:[!&|?{};+-*%<>~^".utf8).contains(previous)
        }

        mutating func identifierOrCall() {
            let start = i
            let startsChain = previous != UInt8(ascii: ".")
            let defining = ["def", "function", "class", "fn"].contains { previousWord.elementsEqual($0.utf8) }
            if bytes[i] == UInt8(ascii: "#") { i += 1 }
            var end = readIdentifier()
            let first = bytes[start..<end]
            // Python string prefixes (r"…", f'…', rb"…") belong to the string.
            if language == .python, i < bytes.count, bytes[i] == UInt8(ascii: "'") || bytes[i] == UInt8(ascii: "\""),
               first.count <= 2, first.allSatisfy({ Array("rRbBuUfF".utf8).contains($0) }) {
                skipPythonString()
                return
            }
            var callee = String(decoding: first, as: UTF8.self)
            var lastWord = first
            while true {
                var j = i
                while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                if language == .javaScript, j + 1 < bytes.count, bytes[j] == UInt8(ascii: "?"), bytes[j + 1] == UInt8(ascii: ".") { j += 1 }
                guard j < bytes.count, bytes[j] == UInt8(ascii: ".") else { break }
                j += 1
                while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                guard j < bytes.count, startsName(at: j) else { break }
                i = j
                let wordStart = i
                if bytes[i] == UInt8(ascii: "#") { i += 1 }
                end = readIdentifier()
                lastWord = bytes[wordStart..<end]
                callee += "." + String(decoding: lastWord, as: UTF8.self)
            }
            var j = i
            while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
            if startsChain, !defining, j < bytes.count, bytes[j] == UInt8(ascii: "("), !isMethodDefinition(openingAt: j) {
                calls.append(Call(callee: callee, range: start..<end))
            }
            previous = UInt8(ascii: "a")
            previousWord = lastWord
        }

        /// Whether a name starts at `k`: an identifier, or a JavaScript private name (`#field`).
        func startsName(at k: Int) -> Bool {
            if isIdentifierStart(bytes[k]) { return true }
            return language == .javaScript && bytes[k] == UInt8(ascii: "#") && k + 1 < bytes.count && isIdentifierStart(bytes[k + 1])
        }

        /// For JavaScript: whether the parenthesis at `open` starts a method's parameters (`exec(cmd) {`,
        /// `exec(cmd: string): void {`) rather than a call's arguments.
        func isMethodDefinition(openingAt open: Int) -> Bool {
            guard language == .javaScript else { return false }
            var depth = 0
            var k = open
            let limit = min(bytes.count, open + 4096)
            while k < limit {
                let b = bytes[k]
                if b == UInt8(ascii: "(") { depth += 1 } else if b == UInt8(ascii: ")") {
                    depth -= 1
                    if depth == 0 { break }
                } else if b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "`") {
                    k += 1
                    while k < limit, bytes[k] != b, bytes[k] != 0x0A { k += bytes[k] == UInt8(ascii: "\\") ? 2 : 1 }
                }
                k += 1
            }
            guard k < limit else { return false }
            k += 1
            while k < limit, bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0A || bytes[k] == 0x0D { k += 1 }
            guard k < limit else { return false }
            if bytes[k] == UInt8(ascii: "{") { return true }
            guard bytes[k] == UInt8(ascii: ":") else { return false }
            // A return type annotation runs to the body's `{`; a ternary's `:` reaches `;`, `,`, `)` or a line end first.
            while k < limit, bytes[k] != UInt8(ascii: "{") {
                if [UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: ")"), 0x0A].contains(bytes[k]) { return false }
                k += 1
            }
            return k < limit
        }

        mutating func readIdentifier() -> Int {
            while i < bytes.count, isIdentifierPart(bytes[i]) { i += 1 }
            return i
        }

        mutating func skipLine() {
            while i < bytes.count, bytes[i] != 0x0A { i += 1 }
        }

        mutating func skipBlockComment() {
            i += 2
            while i + 1 < bytes.count, !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) { i += 1 }
            i = min(bytes.count, i + 2)
        }

        /// A one-line string closed by `quote` (an unclosed one ends at the line end).
        mutating func skipQuoted(_ quote: UInt8) {
            i += 1
            while i < bytes.count, bytes[i] != quote, bytes[i] != 0x0A {
                i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
            }
            i = min(bytes.count, i + 1)
            previous = UInt8(ascii: "\"")
            previousWord = []
        }

        /// A template literal, its `${…}` parts (nested braces, strings and templates) included.
        mutating func skipTemplate() {
            i += 1
            var depth = 0
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\\") { i += 2; continue }
                if depth == 0 {
                    if b == UInt8(ascii: "`") { i += 1; break }
                    if b == UInt8(ascii: "$"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") { depth = 1; i += 2; continue }
                } else if b == UInt8(ascii: "{") {
                    depth += 1
                } else if b == UInt8(ascii: "}") {
                    depth -= 1
                } else if b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") {
                    skipQuoted(b)
                    continue
                } else if b == UInt8(ascii: "`") {
                    skipTemplate()
                    continue
                }
                i += 1
            }
            i = min(i, bytes.count)
            previous = UInt8(ascii: "\"")
            previousWord = []
        }

        mutating func skipRegex() {
            i += 1
            var inClass = false
            while i < bytes.count, bytes[i] != 0x0A {
                let b = bytes[i]
                if b == UInt8(ascii: "\\") { i += 2; continue }
                if b == UInt8(ascii: "[") { inClass = true } else if b == UInt8(ascii: "]") { inClass = false } else if b == UInt8(ascii: "/"), !inClass { i += 1; break }
                i += 1
            }
            while i < bytes.count, isIdentifierPart(bytes[i]) { i += 1 }  // flags
            i = min(i, bytes.count)
            previous = UInt8(ascii: "\"")
            previousWord = []
        }

        /// A Python string at `i` (the quote): single, triple, escapes.
        mutating func skipPythonString() {
            let quote = bytes[i]
            let triple = i + 2 < bytes.count && bytes[i + 1] == quote && bytes[i + 2] == quote
            if !triple { skipQuoted(quote); return }
            i += 3
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "\\") { i += 2; continue }
                if bytes[i] == quote, i + 2 < bytes.count, bytes[i + 1] == quote, bytes[i + 2] == quote { i += 3; break }
                i += 1
            }
            i = min(i, bytes.count)
            previous = UInt8(ascii: "\"")
            previousWord = []
        }

        func isIdentifierStart(_ b: UInt8) -> Bool {
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_") || b == UInt8(ascii: "$") || b >= 0x80
        }

        func isIdentifierPart(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }

        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    }
}
