import MagsagCatalog
import MagsagSource
import Testing

/// Catalog fields keep their place as a trail of shared tokens and make a JSON pointer only when asked:
/// the pointer must be the path walked, whichever way the field was reached.
@Suite struct CatalogFieldTrailTests {
    private func root(_ json: String) -> CatalogField {
        let value = JSONParser.parse(bytes: Array(json.utf8)).value!
        return CatalogField(path: "catalog/agents/sub/x-sag/fixtures/basic.json", value: value)
    }

    @Test func pointersAreThePathsWalked() {
        let field = root(#"{"calls": [{"agent": "a", "usage": {"tokens": 3, "a/b~c": 1}}, {"skill": "s"}], "input": {}}"#)
        #expect(field.pointer == .root)
        let calls = field.child("calls")!
        #expect(calls.pointer.tokens == ["calls"])
        let elements = calls.elements
        #expect(elements.map(\.pointer.tokens) == [["calls", "0"], ["calls", "1"]])
        let usage = elements[0].child("usage")!
        #expect(usage.child("tokens")!.pointer.tokens == ["calls", "0", "usage", "tokens"])
        #expect(usage.members.map(\.field.pointer.description) == ["/calls/0/usage/tokens", "/calls/0/usage/a~1b~0c"])
        #expect(field.descendant("calls")?.pointer == calls.pointer)
        #expect(field.child("missing") == nil)
        #expect(elements[0].location().pointer?.tokens == ["calls", "0"])
    }

    @Test func samePlaceComparesPathAndPointer() {
        let field = root(#"{"a": {"b": [1, 2]}, "c": {"b": [1, 2]}}"#)
        let first = field.child("a")!.child("b")!.elements[1]
        let again = field.descendant("a", "b")!.elements[1]
        let other = field.child("c")!.child("b")!.elements[1]
        #expect(first.isAtSamePlace(as: again))
        #expect(!first.isAtSamePlace(as: other))
        #expect(!first.isAtSamePlace(as: field.child("a")!.child("b")!.elements[0]))
        #expect(!first.isAtSamePlace(as: field.child("a")!.child("b")!))
        let elsewhere = CatalogField(path: "other.json", pointer: first.pointer, value: first.value)
        #expect(!first.isAtSamePlace(as: elsewhere))
        var moved = other
        moved.pointer = first.pointer
        #expect(first.isAtSamePlace(as: moved))
        #expect(moved.pointer.tokens == ["a", "b", "1"])
        #expect(field.isAtSamePlace(as: root("{}")))
    }
}
