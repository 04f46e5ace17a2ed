import MagsagSource

extension Evaluator {
    /// Evaluate one keyword of `node`. `kp` is the keyword path of `node` itself.
    func evaluate(_ keyword: KeywordNode, _ node: SchemaNode, _ instance: SourceValue, _ ip: PathNode?, _ kp: PathNode?, _ annotations: inout Annotations?) -> Bool {
        switch keyword.kind {
        case .ref(let slot):
            guard let target = slot.target else { return true }
            return follow(target, keyword, node, instance, ip, kp, &annotations)
        case .dynamicRef(let slot):
            return dynamicRef(slot, keyword, node, instance, ip, kp, &annotations)
        case .recursiveRef(let slot):
            return recursiveRef(slot, keyword, node, instance, ip, kp, &annotations)
        case .type, .enumeration, .const, .multipleOf, .maximum, .minimum, .maxLength, .minLength, .pattern,
             .maxItems, .minItems, .uniqueItems, .maxProperties, .minProperties, .required, .dependentRequired, .format:
            return assertion(keyword, node, instance, ip, kp)
        case .properties, .patternProperties, .additionalProperties, .propertyNames, .dependentSchemas, .unevaluatedProperties:
            guard case .object(let object) = instance.kind else { return true }
            return objectApplicator(keyword, node, object, instance, ip, kp, &annotations)
        case .prefixItems, .items, .contains, .unevaluatedItems:
            guard case .array(let elements) = instance.kind else { return true }
            return arrayApplicator(keyword, node, elements, instance, ip, kp, &annotations)
        case .allOf, .anyOf, .oneOf, .not, .conditional:
            return combinator(keyword, node, instance, ip, kp, &annotations)
        }
    }

    private func dynamicRef(_ slot: RefSlot, _ keyword: KeywordNode, _ node: SchemaNode, _ instance: SourceValue, _ ip: PathNode?, _ kp: PathNode?, _ annotations: inout Annotations?) -> Bool {
        guard var target = slot.target else { return true }
        if let name = slot.dynamicName {
            for resource in scopes {
                if let anchored = resource.dynamicAnchors[name] {
                    target = anchored
                    break
                }
            }
        }
        return follow(target, keyword, node, instance, ip, kp, &annotations)
    }

    private func recursiveRef(_ slot: RefSlot, _ keyword: KeywordNode, _ node: SchemaNode, _ instance: SourceValue, _ ip: PathNode?, _ kp: PathNode?, _ annotations: inout Annotations?) -> Bool {
        guard var target = slot.target else { return true }
        if target.resource.recursiveAnchor, target.resourcePointer.isEmpty {
            for resource in scopes.reversed() {
                guard resource.recursiveAnchor, let root = resource.root else { break }
                target = root
            }
        }
        return follow(target, keyword, node, instance, ip, kp, &annotations)
    }
}
