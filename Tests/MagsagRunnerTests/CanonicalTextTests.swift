@testable import MagsagRunner
import MagsagSource
import Testing

/// The drift check keys cases by canonical text: equal JSON values (members in any order, numbers in
/// any spelling of one value) must give one text, different values different texts.
@Suite struct CanonicalTextTests {
    static func text(_ json: String) -> String {
        Canonical.text(JSONParser.parse(json).value!)
    }

    @Test func memberOrderAndNumberSpellingDoNotMatter() {
        let same: [[String]] = [
            [#"{"b":1,"a":[2,{"y":true,"x":null}]}"#, #"{"a":[2,{"x":null,"y":true}],"b":1}"#, #"{"a":[2.0,{"x":null,"y":true}],"b":1e0}"#],
            [#"{"é":1,"e":2,"z":3,"ab":4,"a":5}"#, #"{"a":5,"ab":4,"e":2,"z":3,"é":1}"#],
            [#"{"":0,"k":"v\"q"}"#, #"{"k":"v\"q","":0}"#],
        ]
        for group in same {
            let texts = Set(group.map(Self.text))
            #expect(texts.count == 1, "\(group)")
        }
        let different = [#"{"a":1}"#, #"{"a":"1"}"#, #"{"a":[1]}"#, #"{"b":1}"#, #"{"a":1,"b":1}"#, #"[{"a":1}]"#, #"{"a":true}"#, #"{"a\"":1}"#]
        #expect(Set(different.map(Self.text)).count == different.count)
        // Members come out in UTF-8 byte order, whatever order the source wrote them in.
        #expect(Self.text(#"{"é":1,"z":2,"Z":3,"a":4}"#) == #"{"Z":3,"a":4,"z":2,"é":1}"#)
    }

    /// The drift index compares by `Canonical.equal` and `Canonical.hash` instead of the text: both must
    /// agree with the text on every pair, duplicate keys, Unicode spellings and the depth limit included.
    @Test func equalityAndHashAgreeWithTheText() {
        let deep = String(repeating: "[", count: 300) + "1" + String(repeating: "]", count: 300)
        let deepOther = String(repeating: "[", count: 300) + "2" + String(repeating: "]", count: 300)
        let shallowDiff = String(repeating: "[", count: 200) + "2" + String(repeating: "]", count: 200)
        let shallow = String(repeating: "[", count: 200) + "1" + String(repeating: "]", count: 200)
        let values = [
            #"{"b":1,"a":[2,{"y":true,"x":null}]}"#, #"{"a":[2,{"x":null,"y":true}],"b":1}"#, #"{"a":[2.0,{"x":null,"y":true}],"b":1e0}"#,
            #"{"a":[2,{"x":null,"y":false}],"b":1}"#, #"{"a":[{"x":null,"y":true},2],"b":1}"#,
            #"{"é":1}"#, #"{"é":1}"#, #""é""#, #""é""#,
            #"{"a":1,"a":2}"#, #"{"a":2,"a":1}"#, #"{"b":0,"a":1,"a":2}"#, #"{"a":1,"b":0,"a":2}"#, #"{"a":2,"b":0,"a":1}"#,
            #"{"a":1,"b":2}"#, #"{"a":1,"c":2}"#, #"{"a":1}"#, #"{}"#, #"[]"#, #"[[]]"#, #"[{}]"#, "null", "true", "false",
            "0", "-0", "0.0", "1", "1.5", "15e-1", "100", "1e2", #""1""#, #""""#, #""a\"b""#, #""a\\b""#,
            #"{"k":"v\"q","":0}"#, #"{"":0,"k":"v\"q"}"#, deep, deepOther, shallow, shallowDiff,
        ]
        let parsed = values.compactMap { JSONParser.parse($0).value }
        #expect(parsed.count == values.count, "\(values.filter { JSONParser.parse($0).value == nil })")
        guard parsed.count == values.count else { return }
        for (i, a) in parsed.enumerated() {
            for (j, b) in parsed.enumerated() {
                // Byte equality: `==` on the texts would take "é" and "e\u{301}" for one string.
                let sameText = Array(Canonical.text(a).utf8) == Array(Canonical.text(b).utf8)
                #expect(Canonical.equal(a, b) == sameText, "\(values[i]) vs \(values[j])")
                if sameText { #expect(Canonical.hash(a) == Canonical.hash(b), "\(values[i]) vs \(values[j])") }
            }
        }
        // Texts the depth limit cuts short are equal: so are their values and hashes.
        #expect(Canonical.equal(parsed[values.firstIndex(of: deep)!], parsed[values.firstIndex(of: deepOther)!]))
        // Differing values of these shapes hash apart (a collision would only cost a comparison).
        let distinct = Set(parsed.map { Array(Canonical.text($0).utf8) })
        #expect(Set(parsed.map { Canonical.hash($0) }).count == distinct.count)
    }

    @Test func bytePrecedenceIsATotalOrderOnUTF8() {
        let keys = ["", "a", "ab", "b", "B", "é", "e\u{301}", "z", "aa", "a\u{0}", "😀", "中"]
        for a in keys {
            for b in keys {
                #expect(Canonical.precedes(a, b) == Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)), "\(a) \(b)")
            }
        }
    }
}
