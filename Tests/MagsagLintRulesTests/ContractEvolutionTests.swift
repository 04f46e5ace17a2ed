import MagsagLintCore
@testable import MagsagLintRules
import MagsagSource
import Testing

/// The schema differ on a table of base/head pairs, each with its expected classification for an
/// accepting (input) and a producing (output) schema; `nil` means no change at all.
@Suite struct ContractEvolutionTests {
    typealias C = ChangeClassification
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var base: String
        var head: String
        var accepting: C?
        var producing: C?
        var testDescription: String { name }
        init(_ name: String, _ base: String, _ head: String, _ accepting: C?, _ producing: C?) {
            self.name = name
            self.base = base
            self.head = head
            self.accepting = accepting
            self.producing = producing
        }
    }

    static let cases: [Case] = [
        Case("identical", ##"{"type":"string"}"##, ##"{ "type" : "string" }"##, nil, nil),
        Case("title added", ##"{"type":"string"}"##, ##"{"type":"string","title":"Name"}"##, .annotation, .annotation),
        Case("description, examples, default, $comment changed",
             ##"{"type":"string","description":"a","examples":["x"],"default":"x","$comment":"c"}"##,
             ##"{"type":"string","description":"b","examples":["y"],"default":"y","$comment":"d"}"##, .annotation, .annotation),
        Case("new required", ##"{"required":["a"]}"##, ##"{"required":["a","b"]}"##, .breaking, .compatible),
        Case("fewer required", ##"{"required":["a","b"]}"##, ##"{"required":["a"]}"##, .compatible, .breaking),
        Case("type narrowed", ##"{"type":["string","null"]}"##, ##"{"type":"string"}"##, .breaking, .compatible),
        Case("type widened", ##"{"type":"string"}"##, ##"{"type":["string","number"]}"##, .compatible, .breaking),
        Case("type replaced", ##"{"type":"string"}"##, ##"{"type":"number"}"##, .breaking, .breaking),
        Case("number to integer", ##"{"type":"number"}"##, ##"{"type":"integer"}"##, .breaking, .compatible),
        Case("integer to number", ##"{"type":"integer"}"##, ##"{"type":"number"}"##, .compatible, .breaking),
        Case("type added", ##"{}"##, ##"{"type":"object"}"##, .breaking, .compatible),
        Case("enum value removed", ##"{"enum":["a","b"]}"##, ##"{"enum":["a"]}"##, .breaking, .compatible),
        Case("enum value added", ##"{"enum":["a"]}"##, ##"{"enum":["a","b"]}"##, .compatible, .breaking),
        Case("enum reordered, 1 vs 1.0", ##"{"enum":[1,"a"]}"##, ##"{"enum":["a",1.0]}"##, nil, nil),
        Case("enum value replaced", ##"{"enum":["a","b"]}"##, ##"{"enum":["a","c"]}"##, .breaking, .breaking),
        Case("const changed", ##"{"const":"v1"}"##, ##"{"const":"v2"}"##, .breaking, .breaking),
        Case("const added", ##"{"type":"string"}"##, ##"{"type":"string","const":"x"}"##, .breaking, .compatible),
        Case("maximum lowered", ##"{"maximum":10}"##, ##"{"maximum":5}"##, .breaking, .compatible),
        Case("maximum raised", ##"{"maximum":10}"##, ##"{"maximum":20}"##, .compatible, .breaking),
        Case("minimum added", ##"{"type":"number"}"##, ##"{"type":"number","minimum":0}"##, .breaking, .compatible),
        Case("minimum removed", ##"{"minimum":0}"##, ##"{}"##, .compatible, .breaking),
        Case("exclusiveMaximum tightened", ##"{"exclusiveMaximum":100}"##, ##"{"exclusiveMaximum":50}"##, .breaking, .compatible),
        Case("draft-4 exclusiveMinimum flag set", ##"{"minimum":0}"##, ##"{"minimum":0,"exclusiveMinimum":true}"##, .breaking, .compatible),
        Case("minLength raised", ##"{"minLength":1}"##, ##"{"minLength":3}"##, .breaking, .compatible),
        Case("maxLength relaxed", ##"{"maxLength":10}"##, ##"{"maxLength":100}"##, .compatible, .breaking),
        Case("minItems added", ##"{"type":"array"}"##, ##"{"type":"array","minItems":1}"##, .breaking, .compatible),
        Case("maxItems removed", ##"{"maxItems":3}"##, ##"{}"##, .compatible, .breaking),
        Case("minProperties added", ##"{}"##, ##"{"minProperties":1}"##, .breaking, .compatible),
        Case("maxProperties lowered", ##"{"maxProperties":5}"##, ##"{"maxProperties":2}"##, .breaking, .compatible),
        Case("pattern added", ##"{"type":"string"}"##, ##"{"type":"string","pattern":"^a"}"##, .breaking, .compatible),
        Case("pattern removed", ##"{"pattern":"^a"}"##, ##"{}"##, .compatible, .breaking),
        Case("pattern replaced", ##"{"pattern":"^a"}"##, ##"{"pattern":"^b"}"##, .possiblyBreaking, .possiblyBreaking),
        Case("format added", ##"{"type":"string"}"##, ##"{"type":"string","format":"email"}"##, .breaking, .compatible),
        Case("format replaced", ##"{"format":"date"}"##, ##"{"format":"date-time"}"##, .possiblyBreaking, .possiblyBreaking),
        Case("multipleOf refined", ##"{"multipleOf":2}"##, ##"{"multipleOf":4}"##, .breaking, .compatible),
        Case("multipleOf coarsened", ##"{"multipleOf":4}"##, ##"{"multipleOf":2}"##, .compatible, .breaking),
        Case("multipleOf unrelated", ##"{"multipleOf":2}"##, ##"{"multipleOf":3}"##, .breaking, .breaking),
        Case("uniqueItems set", ##"{"type":"array"}"##, ##"{"type":"array","uniqueItems":true}"##, .breaking, .compatible),
        Case("uniqueItems cleared", ##"{"uniqueItems":true}"##, ##"{"uniqueItems":false}"##, .compatible, .breaking),
        Case("optional property added to open object", ##"{"properties":{"a":{}}}"##, ##"{"properties":{"a":{},"b":{"type":"string"}}}"##, .compatible, .compatible),
        Case("property added to closed object", ##"{"properties":{"a":{}},"additionalProperties":false}"##,
             ##"{"properties":{"a":{},"b":{}},"additionalProperties":false}"##, .compatible, .breaking),
        Case("property removed from closed object", ##"{"properties":{"a":{},"b":{}},"additionalProperties":false}"##,
             ##"{"properties":{"a":{}},"additionalProperties":false}"##, .breaking, .compatible),
        Case("property removed from open object", ##"{"properties":{"a":{},"b":{"type":"string"}}}"##, ##"{"properties":{"a":{}}}"##, .compatible, .breaking),
        Case("additionalProperties false to true", ##"{"additionalProperties":false}"##, ##"{"additionalProperties":true}"##, .compatible, .breaking),
        Case("additionalProperties closed", ##"{}"##, ##"{"additionalProperties":false}"##, .breaking, .compatible),
        Case("nested property type narrowed", ##"{"properties":{"a":{"properties":{"b":{"type":["string","null"]}}}}}"##,
             ##"{"properties":{"a":{"properties":{"b":{"type":"string"}}}}}"##, .breaking, .compatible),
        Case("items constraint tightened", ##"{"items":{"type":"string"}}"##, ##"{"items":{"type":"string","maxLength":5}}"##, .breaking, .compatible),
        Case("items added", ##"{"type":"array"}"##, ##"{"type":"array","items":{"type":"integer"}}"##, .breaking, .compatible),
        Case("not added", ##"{}"##, ##"{"not":{"type":"null"}}"##, .breaking, .compatible),
        Case("inside not: narrowing widens", ##"{"not":{"enum":["a","b"]}}"##, ##"{"not":{"enum":["a"]}}"##, .compatible, .breaking),
        Case("if added", ##"{}"##, ##"{"if":{"required":["a"]},"then":{"required":["b"]}}"##, .breaking, .compatible),
        Case("if changed", ##"{"if":{"required":["a"]},"then":{"required":["b"]}}"##, ##"{"if":{"required":["c"]},"then":{"required":["b"]}}"##,
             .possiblyBreaking, .possiblyBreaking),
        Case("anyOf branch removed", ##"{"anyOf":[{"type":"string"},{"type":"number"}]}"##, ##"{"anyOf":[{"type":"string"}]}"##, .breaking, .compatible),
        Case("anyOf branch added", ##"{"anyOf":[{"type":"string"}]}"##, ##"{"anyOf":[{"type":"string"},{"type":"number"}]}"##, .compatible, .breaking),
        Case("oneOf branch removed", ##"{"oneOf":[{"type":"string"},{"type":"number"}]}"##, ##"{"oneOf":[{"type":"number"}]}"##, .breaking, .compatible),
        Case("anyOf reordered", ##"{"anyOf":[{"type":"string"},{"type":"number"}]}"##, ##"{"anyOf":[{"type":"number"},{"type":"string"}]}"##, nil, nil),
        Case("anyOf rewritten", ##"{"anyOf":[{"type":"string"},{"type":"number"}]}"##, ##"{"anyOf":[{"type":"boolean"},{"type":"null"},{"type":"array"}]}"##,
             .possiblyBreaking, .possiblyBreaking),
        Case("allOf member added", ##"{"allOf":[{"type":"object"}]}"##, ##"{"allOf":[{"type":"object"},{"required":["a"]}]}"##, .breaking, .compatible),
        Case("local $ref target tightened", ##"{"properties":{"a":{"$ref":"#/$defs/s"}},"$defs":{"s":{"type":"string"}}}"##,
             ##"{"properties":{"a":{"$ref":"#/$defs/s"}},"$defs":{"s":{"type":"string","maxLength":3}}}"##, .breaking, .compatible),
        Case("inline schema moved into $defs", ##"{"properties":{"a":{"type":"string"}}}"##,
             ##"{"properties":{"a":{"$ref":"#/definitions/s"}},"definitions":{"s":{"type":"string"}}}"##, .annotation, .annotation),
        Case("recursive $ref unchanged, sibling tightened", ##"{"properties":{"next":{"$ref":"#"},"v":{"type":"number"}}}"##,
             ##"{"properties":{"next":{"$ref":"#"},"v":{"type":"integer"}}}"##, .breaking, .compatible),
        Case("unresolvable $ref changed", ##"{"$ref":"https://example.com/a.json"}"##, ##"{"$ref":"https://example.com/b.json"}"##,
             .possiblyBreaking, .possiblyBreaking),
        Case("unresolvable $ref unchanged", ##"{"$ref":"https://example.com/a.json","title":"x"}"##, ##"{"$ref":"https://example.com/a.json","title":"y"}"##,
             nil, nil),
        Case("false schema opened", ##"{"properties":{"a":false}}"##, ##"{"properties":{"a":{"type":"string"}}}"##, .compatible, .breaking),
        Case("property added next to patternProperties", ##"{"patternProperties":{"^x":{}}}"##,
             ##"{"patternProperties":{"^x":{}},"properties":{"y":{}}}"##, .possiblyBreaking, .possiblyBreaking),
        Case("contains added", ##"{"type":"array"}"##, ##"{"type":"array","contains":{"const":1}}"##, .breaking, .compatible),
        Case("prefixItems position added", ##"{"prefixItems":[{"type":"string"}]}"##, ##"{"prefixItems":[{"type":"string"},{"type":"number"}]}"##,
             .breaking, .compatible),
        Case("dependentRequired added", ##"{}"##, ##"{"dependentRequired":{"a":["b"]}}"##, .breaking, .compatible),
        Case("unknown keyword changed", ##"{"x-owner":"a"}"##, ##"{"x-owner":"b"}"##, nil, nil),
    ]

    static func parse(_ text: String, path: String = "s.schema.json") -> SourceValue? {
        JSONParser.parse(SourceFile(path: path, text: text)).value
    }

    static func changes(_ base: String, _ head: String) -> [SchemaChange] {
        guard let a = parse(base), let b = parse(head) else { return [] }
        var baseResolver = SchemaResolver(snapshot: SchemaSnapshot(documents: ["s.schema.json": a]))
        var headResolver = SchemaResolver(snapshot: SchemaSnapshot(documents: ["s.schema.json": b]))
        guard let x = baseResolver.root(of: "s.schema.json"), let y = headResolver.root(of: "s.schema.json") else { return [] }
        return SchemaDiffer.diff(base: x, head: y)
    }

    @Test(arguments: cases)
    func classification(_ pair: Case) {
        let found = Self.changes(pair.base, pair.head)
        let accepting = found.map { $0.classification(for: .accepting) }.max()
        let producing = found.map { $0.classification(for: .producing) }.max()
        #expect(accepting == pair.accepting, "accepting: \(found.map { "\($0.effect) \($0.summary)" })")
        #expect(producing == pair.producing, "producing: \(found.map { "\($0.effect) \($0.summary)" })")
    }

    @Test func tableIsLargeEnough() {
        #expect(Self.cases.count >= 40)
    }
}
