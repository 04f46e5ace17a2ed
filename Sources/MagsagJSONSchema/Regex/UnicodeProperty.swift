/// `\p{…}` properties: general categories, common binary properties, and (best effort) scripts.
enum UnicodeProperty: Sendable {
    case categories([Unicode.GeneralCategory])
    case any
    case ascii
    case assigned
    case binary(BinaryProperty)
    case script([ClosedRange<UInt32>])

    enum BinaryProperty: Sendable {
        case alphabetic, whiteSpace, uppercase, lowercase, emoji, emojiPresentation, math, hexDigit, asciiHexDigit
        case ideographic, dash, idStart, idContinue, xidStart, xidContinue, cased, noncharacter, defaultIgnorable
        case quotationMark, terminalPunctuation, unifiedIdeograph, variationSelector, diacritic, extender, regionalIndicator
    }

    init?(_ raw: String) {
        var name = raw
        var value: String?
        if let eq = raw.firstIndex(of: "=") {
            name = String(raw[..<eq])
            value = String(raw[raw.index(after: eq)...])
        }
        func loose(_ s: String) -> String { s.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " } }
        if let value {
            switch loose(name) {
            case "generalcategory", "gc":
                guard let c = Self.category(loose(value)) else { return nil }
                self = .categories(c)
            case "script", "sc", "scriptextensions", "scx":
                guard let s = Self.script(loose(value)) else { return nil }
                self = .script(s)
            default:
                return nil
            }
            return
        }
        let key = loose(name)
        if let c = Self.category(key) { self = .categories(c); return }
        switch key {
        case "any": self = .any
        case "ascii": self = .ascii
        case "assigned": self = .assigned
        case "alphabetic", "alpha": self = .binary(.alphabetic)
        case "whitespace", "space", "wspace": self = .binary(.whiteSpace)
        case "uppercase", "upper": self = .binary(.uppercase)
        case "lowercase", "lower": self = .binary(.lowercase)
        case "emoji": self = .binary(.emoji)
        case "emojipresentation", "epres": self = .binary(.emojiPresentation)
        case "math": self = .binary(.math)
        case "hexdigit", "hex": self = .binary(.hexDigit)
        case "asciihexdigit", "ahex": self = .binary(.asciiHexDigit)
        case "ideographic", "ideo": self = .binary(.ideographic)
        case "dash": self = .binary(.dash)
        case "idstart", "ids": self = .binary(.idStart)
        case "idcontinue", "idc": self = .binary(.idContinue)
        case "xidstart", "xids": self = .binary(.xidStart)
        case "xidcontinue", "xidc": self = .binary(.xidContinue)
        case "cased": self = .binary(.cased)
        case "noncharactercodepoint", "nchar": self = .binary(.noncharacter)
        case "defaultignorablecodepoint", "di": self = .binary(.defaultIgnorable)
        case "quotationmark", "qmark": self = .binary(.quotationMark)
        case "terminalpunctuation", "term": self = .binary(.terminalPunctuation)
        case "unifiedideograph", "uideo": self = .binary(.unifiedIdeograph)
        case "variationselector", "vs": self = .binary(.variationSelector)
        case "diacritic", "dia": self = .binary(.diacritic)
        case "extender", "ext": self = .binary(.extender)
        case "regionalindicator", "ri": self = .binary(.regionalIndicator)
        default:
            guard let s = Self.script(key) else { return nil }
            self = .script(s)
        }
    }

    func contains(_ c: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(c) else {
            // Lone surrogates: category Cs.
            if case .categories(let list) = self { return list.contains(.surrogate) }
            return self.isAny
        }
        let p = scalar.properties
        switch self {
        case .categories(let list): return list.contains(p.generalCategory)
        case .any: return true
        case .ascii: return c < 128
        case .assigned: return p.generalCategory != .unassigned
        case .script(let ranges): return ranges.contains { $0.contains(c) }
        case .binary(let b):
            switch b {
            case .alphabetic: return p.isAlphabetic
            case .whiteSpace: return p.isWhitespace
            case .uppercase: return p.isUppercase
            case .lowercase: return p.isLowercase
            case .emoji: return p.isEmoji
            case .emojiPresentation: return p.isEmojiPresentation
            case .math: return p.isMath
            case .hexDigit: return p.isHexDigit
            case .asciiHexDigit: return p.isASCIIHexDigit
            case .ideographic: return p.isIdeographic
            case .dash: return p.isDash
            case .idStart: return p.isIDStart
            case .idContinue: return p.isIDContinue
            case .xidStart: return p.isXIDStart
            case .xidContinue: return p.isXIDContinue
            case .cased: return p.isCased
            case .noncharacter: return p.isNoncharacterCodePoint
            case .defaultIgnorable: return p.isDefaultIgnorableCodePoint
            case .quotationMark: return p.isQuotationMark
            case .terminalPunctuation: return p.isTerminalPunctuation
            case .unifiedIdeograph: return p.isUnifiedIdeograph
            case .variationSelector: return p.isVariationSelector
            case .diacritic: return p.isDiacritic
            case .extender: return p.isExtender
            case .regionalIndicator: return c >= 0x1F1E6 && c <= 0x1F1FF
            }
        }
    }

    private var isAny: Bool { if case .any = self { true } else { false } }

    private static func category(_ key: String) -> [Unicode.GeneralCategory]? {
        switch key {
        case "l", "letter": [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]
        case "lc", "casedletter": [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter]
        case "lu", "uppercaseletter": [.uppercaseLetter]
        case "ll", "lowercaseletter": [.lowercaseLetter]
        case "lt", "titlecaseletter": [.titlecaseLetter]
        case "lm", "modifierletter": [.modifierLetter]
        case "lo", "otherletter": [.otherLetter]
        case "m", "mark", "combiningmark": [.nonspacingMark, .spacingMark, .enclosingMark]
        case "mn", "nonspacingmark": [.nonspacingMark]
        case "mc", "spacingmark": [.spacingMark]
        case "me", "enclosingmark": [.enclosingMark]
        case "n", "number": [.decimalNumber, .letterNumber, .otherNumber]
        case "nd", "decimalnumber", "digit": [.decimalNumber]
        case "nl", "letternumber": [.letterNumber]
        case "no", "othernumber": [.otherNumber]
        case "p", "punctuation", "punct":
            [.connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation]
        case "pc", "connectorpunctuation": [.connectorPunctuation]
        case "pd", "dashpunctuation": [.dashPunctuation]
        case "ps", "openpunctuation": [.openPunctuation]
        case "pe", "closepunctuation": [.closePunctuation]
        case "pi", "initialpunctuation": [.initialPunctuation]
        case "pf", "finalpunctuation": [.finalPunctuation]
        case "po", "otherpunctuation": [.otherPunctuation]
        case "s", "symbol": [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol]
        case "sm", "mathsymbol": [.mathSymbol]
        case "sc", "currencysymbol": [.currencySymbol]
        case "sk", "modifiersymbol": [.modifierSymbol]
        case "so", "othersymbol": [.otherSymbol]
        case "z", "separator": [.spaceSeparator, .lineSeparator, .paragraphSeparator]
        case "zs", "spaceseparator": [.spaceSeparator]
        case "zl", "lineseparator": [.lineSeparator]
        case "zp", "paragraphseparator": [.paragraphSeparator]
        case "c", "other": [.control, .format, .surrogate, .privateUse, .unassigned]
        case "cc", "control", "cntrl": [.control]
        case "cf", "format": [.format]
        case "cs", "surrogate": [.surrogate]
        case "co", "privateuse": [.privateUse]
        case "cn", "unassigned": [.unassigned]
        default: nil
        }
    }

    /// Approximate script ranges (main blocks) for the most common scripts.
    private static func script(_ key: String) -> [ClosedRange<UInt32>]? {
        switch key {
        case "latin", "latn": [0x41...0x5A, 0x61...0x7A, 0xAA...0xAA, 0xBA...0xBA, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x24F, 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF, 0xFF21...0xFF3A, 0xFF41...0xFF5A]
        case "greek", "grek": [0x370...0x373, 0x375...0x377, 0x37A...0x37D, 0x37F...0x37F, 0x384...0x384, 0x386...0x386, 0x388...0x3E1, 0x3F0...0x3FF, 0x1F00...0x1FFF]
        case "cyrillic", "cyrl": [0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F]
        case "armenian", "armn": [0x531...0x58F, 0xFB13...0xFB17]
        case "hebrew", "hebr": [0x591...0x5FF, 0xFB1D...0xFB4F]
        case "arabic", "arab": [0x600...0x604, 0x606...0x60B, 0x60D...0x61A, 0x61C...0x61E, 0x620...0x63F, 0x641...0x64A, 0x656...0x66F, 0x671...0x6DC, 0x6DE...0x6FF, 0x750...0x77F, 0x8A0...0x8FF, 0xFB50...0xFDFF, 0xFE70...0xFEFC]
        case "devanagari", "deva": [0x900...0x950, 0x955...0x963, 0x966...0x97F, 0xA8E0...0xA8FF]
        case "bengali", "beng": [0x980...0x9FF]
        case "thai": [0xE01...0xE3A, 0xE40...0xE5B]
        case "georgian", "geor": [0x10A0...0x10FF, 0x1C90...0x1CBF, 0x2D00...0x2D2F]
        case "hangul", "hang": [0x1100...0x11FF, 0x3131...0x318E, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xD7B0...0xD7FF, 0xFFA0...0xFFDC]
        case "hiragana", "hira": [0x3041...0x3096, 0x309D...0x309F, 0x1B001...0x1B11F, 0x1F200...0x1F200]
        case "katakana", "kana": [0x30A1...0x30FA, 0x30FD...0x30FF, 0x31F0...0x31FF, 0x32D0...0x32FE, 0x3300...0x3357, 0xFF66...0xFF6F, 0xFF71...0xFF9D, 0x1B000...0x1B000]
        case "han", "hani": [0x2E80...0x2E99, 0x2E9B...0x2EF3, 0x2F00...0x2FD5, 0x3005...0x3005, 0x3007...0x3007, 0x3021...0x3029, 0x3038...0x303B, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAD9, 0x20000...0x323AF]
        default: nil
        }
    }
}
