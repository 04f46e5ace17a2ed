@testable import MagsagJSONSchema
import Testing

/// `SubschemaKeywords.shape` tells keywords apart by length and bytes; these pin its answer for every
/// keyword that holds subschemas in some dialect, and for keywords and near misses that hold none.
@Suite struct SubschemaShapeTests {
    /// The dialects in which each keyword holds subschemas, and how.
    static let expected: [(keyword: String, shape: @Sendable (Dialect) -> SubschemaShape?)] = [
        ("additionalProperties", { _ in .single }),
        ("not", { _ in .single }),
        ("propertyNames", { $0 >= .draft6 ? .single : nil }),
        ("contains", { $0 >= .draft6 ? .single : nil }),
        ("additionalItems", { $0 <= .draft2019_09 ? .single : nil }),
        ("if", { $0 >= .draft7 ? .single : nil }),
        ("then", { $0 >= .draft7 ? .single : nil }),
        ("else", { $0 >= .draft7 ? .single : nil }),
        ("unevaluatedItems", { $0 >= .draft2019_09 ? .single : nil }),
        ("unevaluatedProperties", { $0 >= .draft2019_09 ? .single : nil }),
        ("contentSchema", { $0 >= .draft2019_09 ? .single : nil }),
        ("items", { $0 >= .draft2020_12 ? .single : .singleOrArray }),
        ("allOf", { _ in .array }),
        ("anyOf", { _ in .array }),
        ("oneOf", { _ in .array }),
        ("prefixItems", { $0 >= .draft2020_12 ? .array : nil }),
        ("properties", { _ in .map }),
        ("patternProperties", { _ in .map }),
        ("definitions", { _ in .map }),
        ("$defs", { $0 >= .draft2019_09 ? .map : nil }),
        ("dependentSchemas", { $0 >= .draft2019_09 ? .map : nil }),
        ("dependencies", { _ in .dependencies }),
    ]

    @Test func everySubschemaKeywordHasItsShapeInEveryDialect() {
        for (keyword, shape) in Self.expected {
            for dialect in Dialect.allCases {
                #expect(SubschemaKeywords.shape(keyword, dialect: dialect) == shape(dialect), "\(keyword) in \(dialect)")
            }
        }
    }

    @Test func otherKeywordsAndNearMissesHoldNoSubschema() {
        var misses = ["type", "required", "minimum", "$ref", "$id", "enum", "const", "format", "title", "default",
                      "examples", "dependentRequired", "", "i", "IF", "Items", "item", "itemss", "propertie",
                      "properties ", " properties", "pattern_properties", "additionalproperties", "$def", "defs",
                      "allof", "then\u{0}", "élse", "contaIns", "unevaluatedPropertiez", "additionalPropertiesX"]
        // Every subschema keyword with one byte changed, at the start, the middle and the end.
        for (keyword, _) in Self.expected {
            var bytes = Array(keyword.utf8)
            for at in Set([0, bytes.count / 2, bytes.count - 1]) {
                let kept = bytes[at]
                bytes[at] = kept == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
                misses.append(String(decoding: bytes, as: UTF8.self))
                bytes[at] = kept
            }
        }
        for keyword in misses {
            for dialect in Dialect.allCases {
                #expect(SubschemaKeywords.shape(keyword, dialect: dialect) == nil, "\(keyword) in \(dialect)")
            }
        }
    }
}
