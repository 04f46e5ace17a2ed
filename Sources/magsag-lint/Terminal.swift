import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Terminal facts: colour decisions and stderr output.
enum Terminal {
    /// Colour only on a TTY, never when `NO_COLOR` is set (https://no-color.org), never on `TERM=dumb`.
    static func useColor(forStdout: Bool = true) -> Bool {
        if let value = getenv("NO_COLOR"), value.pointee != 0 { return false }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return isatty(forStdout ? 1 : 2) == 1
    }

    static func printError(_ text: String) {
        var line = text
        if !line.hasSuffix("\n") { line += "\n" }
        fflush(nil)
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Write to stdout without an extra newline when the text already ends with one.
    static func write(_ text: String) {
        if text.isEmpty { return }
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
    }
}
