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

    @Test func bytePrecedenceIsATotalOrderOnUTF8() {
        let keys = ["", "a", "ab", "b", "B", "é", "e\u{301}", "z", "aa", "a\u{0}", "😀", "中"]
        for a in keys {
            for b in keys {
                #expect(Canonical.precedes(a, b) == Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)), "\(a) \(b)")
            }
        }
    }
}
