"""Generates crates/gardefou_linter/src/rules/oas/*.rs: the spectral:oas rules, one file each,
with Spectral's definition (from ../shared/reference/spectral-oas-rules.md) and our docs.
Run: python3 tools/spectral_oas_rules.py  (the files are committed; a test checks they build)."""
import os, textwrap

H3 = "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0, description: D, contact: {name: N}}\nservers: [{url: 'https://api.example.org'}]\ntags: [{name: t, description: T}]\n"
H2 = "swagger: '2.0'\ninfo: {title: T, version: 1.0.0, description: D, contact: {name: N}}\nhost: api.example.org\nschemes: [https]\ntags: [{name: t, description: T}]\n"
H31 = H3.replace("3.0.3", "3.1.0")
H32 = H3.replace("3.0.3", "3.2.0")
OP = "      operationId: op\n      description: D\n      tags: [t]\n"

def paths(body, head=H3):
    return head + "paths:\n" + body

R = []
def quote_scalars(definition):
    """Single-quotes `description:`/`message:` values that YAML would misread."""
    out = []
    for line in definition.split("\n"):
        for k in ("description: ", "message: "):
            if line.startswith(k):
                v = line[len(k):]
                if not v.startswith(("'", '"')) and (": " in v or v[:1] in "{[&*!|>%@`#"):
                    line = k + "'" + v.replace("'", "''") + "'"
        out.append(line)
    return "\n".join(out)

def rule(id, category, sev, rec, formats, definition, summary, what, why, fix, invalid, valid, peers=()):
    R.append(dict(id=id, category=category, sev=sev, rec=rec, formats=formats, definition=quote_scalars(definition),
                  summary=summary, what=what, why=why, fix=fix, invalid=invalid, valid=valid, peers=peers))

rule("operation-success-response", "design", "warn", True, [],
 'description: Operation must have at least one "2xx" or "3xx" response.\ngiven: "#OperationObject"\nthen: {field: responses, function: oasOpSuccessResponse}\n',
 'Operation must have at least one "2xx" or "3xx" response.',
 'Reports operations whose `responses` contain no 2xx or 3xx status code (nor `2XX`/`3XX`).',
 'A client generated from a description without a success response has no type for the result it expects; the contract only says how the call fails.',
 'Document the success response the operation returns (200, 201, 204, a redirect …).',
 paths("  /a:\n    get:\n" + OP + "      responses:\n        '404': {description: Not found}\n"),
 paths("  /a:\n    get:\n" + OP + "      responses:\n        '200': {description: OK}\n"),
 ["redocly:operation-2xx-response", "vacuum:operation-success-response"])

rule("oas2-operation-formData-consume-check", "validity", "warn", True, ["oas2"],
 'description: \'Operations with "in: formData" parameter must include "application/x-www-form-urlencoded" or "multipart/form-data" in their "consumes" property.\'\ngiven: "#OperationObject"\nthen: {function: oasOpFormDataConsumeCheck}\n',
 'Operations with `in: formData` parameters must consume a form media type.',
 'Reports Swagger 2.0 operations with a `formData` parameter whose own `consumes` lists neither `application/x-www-form-urlencoded` nor `multipart/form-data`.',
 'Form parameters are only defined for form-encoded bodies; with another media type tools do not know how to send them.',
 'Add `application/x-www-form-urlencoded` or `multipart/form-data` to the operation\'s `consumes`.',
 paths("  /a:\n    post:\n" + OP + "      consumes: [application/json]\n      parameters:\n        - {name: f, in: formData, type: string}\n      responses:\n        '200': {description: OK}\n", H2),
 paths("  /a:\n    post:\n" + OP + "      consumes: [multipart/form-data]\n      parameters:\n        - {name: f, in: formData, type: string}\n      responses:\n        '200': {description: OK}\n", H2))

rule("operation-operationId-unique", "design", "error", True, [],
 'description: Every operation must have unique "operationId".\ngiven: "$.paths"\nthen: {function: oasOpIdUnique}\n',
 'Every operation must have a unique `operationId`.',
 'Reports every operation whose `operationId` was already used by an earlier operation.',
 'Code generators name methods after operationIds; a duplicate makes one of the two operations unreachable in the SDK, and links that name it ambiguous.',
 'Give each operation its own operationId.',
 paths("  /a:\n    get:\n" + OP + "      responses: {'200': {description: OK}}\n  /b:\n    get:\n" + OP + "      responses: {'200': {description: OK}}\n"),
 paths("  /a:\n    get:\n" + OP + "      responses: {'200': {description: OK}}\n  /b:\n    get:\n" + OP.replace("op\n", "op2\n") + "      responses: {'200': {description: OK}}\n"),
 ["redocly:operation-operationId-unique", "vacuum:operation-operationId-unique"])

rule("operation-parameters", "validity", "warn", True, [],
 'description: Operation parameters are unique and non-repeating.\nmessage: "{{error}}"\ngiven: "#OperationObject.parameters"\nthen: {function: oasOpParams}\n',
 'Operation parameters are unique and non-repeating.',
 'Reports a parameter that repeats the `name` and `in` of an earlier one, more than one `in: body` parameter, and `body` mixed with `formData`.',
 'Two parameters with the same name and location cannot both be sent; tools keep one of them silently.',
 'Remove or rename the duplicate parameter.',
 paths("  /a:\n    get:\n" + OP + "      parameters:\n        - {name: q, in: query, schema: {type: string}}\n        - {name: q, in: query, schema: {type: string}}\n      responses: {'200': {description: OK}}\n"),
 paths("  /a:\n    get:\n" + OP + "      parameters:\n        - {name: q, in: query, schema: {type: string}}\n      responses: {'200': {description: OK}}\n"),
 ["redocly:operation-parameters-unique", "vacuum:operation-parameters"])

rule("operation-tag-defined", "documentation", "warn", True, [],
 'description: Operation tags must be defined in global tags.\ngiven: "$"\nthen: {function: oasTagDefined}\n',
 'Operation tags must be defined in global tags.',
 'Reports every tag used by an operation that the top-level `tags` list does not declare.',
 'Documentation groups operations by declared tags; an undeclared tag has no description and often is a typo that splits a group.',
 'Declare the tag in the top-level `tags` (with a description), or fix its spelling.',
 paths("  /a:\n    get:\n" + OP.replace("[t]", "[other]") + "      responses: {'200': {description: OK}}\n"),
 paths("  /a:\n    get:\n" + OP + "      responses: {'200': {description: OK}}\n"),
 ["redocly:operation-tag-defined", "vacuum:operation-tag-defined"])

rule("path-params", "validity", "error", True, [],
 'description: Path parameters must be defined and valid.\nmessage: "{{error}}"\ngiven: "$.paths"\nthen: {function: oasPathParam}\n',
 'Path parameters must be defined and valid.',
 'Reports a `{name}` in a path that no path parameter defines, a path parameter not used in the path, a path parameter without `required: true`, the same parameter twice, and paths that differ only in parameter names.',
 'A template variable without a definition cannot be filled by clients, and equivalent paths make routing ambiguous.',
 'Define every `{name}` of the path as an `in: path`, `required: true` parameter, and remove the others.',
 paths("  /a/{id}:\n    get:\n" + OP + "      responses: {'200': {description: OK}}\n"),
 paths("  /a/{id}:\n    get:\n" + OP + "      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses: {'200': {description: OK}}\n"),
 ["redocly:path-parameters-defined", "vacuum:path-params"])

rule("contact-properties", "documentation", "warn", False, [],
 'description: Contact object must have "name", "url" and "email".\ngiven: "$.info.contact"\nthen:\n  - {field: name, function: truthy}\n  - {field: url, function: truthy}\n  - {field: email, function: truthy}\n',
 'The contact object must have `name`, `url` and `email`.',
 'Reports each of `name`, `url` and `email` missing or empty in `info.contact`.',
 'Consumers with a problem need a person, a page and an address to reach the owning team.',
 'Fill in the three fields of `info.contact`.',
 H3 + "paths: {}\n",
 H3.replace("contact: {name: N}", "contact: {name: N, url: 'https://example.org', email: a@example.org}") + "paths: {}\n",
 ["vacuum:contact-properties"])

rule("duplicated-entry-in-enum", "validity", "warn", True, [],
 'description: Enum values must not have duplicate entry.\nmessage: "{{error}}"\ngiven: "$..[?(@property !== \'properties\' && @ != null && @.enum && @.enum.constructor.name === \'Array\')]"\nthen: {field: enum, function: oasSchema, functionOptions: {schema: {type: array, uniqueItems: true}}}\n',
 'Enum values must not repeat.',
 'Reports an `enum` that lists the same value twice.',
 'A repeated value is almost always a copy-paste slip hiding a missing value, and some generators fail on duplicate enum constants.',
 'Remove the duplicate (or put in the value that was meant).',
 H3 + "paths: {}\ncomponents:\n  schemas:\n    S: {type: string, enum: [a, b, a]}\n",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    S: {type: string, enum: [a, b]}\n",
 ["vacuum:duplicated-entry-in-enum"])

rule("info-contact", "documentation", "warn", True, [],
 'description: Info object must have "contact" object.\ngiven: "$"\nthen: {field: info.contact, function: truthy}\n',
 'The info object must have a `contact`.',
 'Reports documents without `info.contact`.',
 'Without a contact, consumers of a published API do not know who owns it.',
 'Add `info.contact` with the owning team\'s name, URL and email.',
 H3.replace(", contact: {name: N}", "") + "paths: {}\n", H3 + "paths: {}\n",
 ["redocly:info-contact", "vacuum:info-contact"])

rule("info-description", "documentation", "warn", True, [],
 'description: Info "description" must be present and non-empty string.\ngiven: "$"\nthen: {field: info.description, function: truthy}\n',
 'The info object must have a non-empty `description`.',
 'Reports documents whose `info.description` is missing or empty.',
 'The description is the first thing a developer portal shows: what the API is for and how to start.',
 'Write a description of the API in `info.description`.',
 H3.replace(", description: D", "") + "paths: {}\n", H3 + "paths: {}\n",
 ["vacuum:info-description", "ibm:ibm-api-description"])

rule("info-license", "documentation", "warn", False, [],
 'description: Info object must have "license" object.\ngiven: "$"\nthen: {field: info.license, function: truthy}\n',
 'The info object must have a `license`.',
 'Reports documents without `info.license`.',
 'Consumers need to know under which terms they may use the API and its description.',
 'Add `info.license` with a name and a URL or SPDX identifier.',
 H3 + "paths: {}\n", H3.replace("contact: {name: N}", "contact: {name: N}, license: {name: MIT, url: 'https://opensource.org/licenses/MIT'}") + "paths: {}\n",
 ["redocly:info-license", "vacuum:info-license"])

rule("license-url", "documentation", "warn", False, [],
 'description: License object must include "url".\ngiven: "$"\nthen: {field: info.license.url, function: truthy}\n',
 'The license object must have a `url`.',
 'Reports documents whose `info.license` has no `url`.',
 'A license name alone does not say which version or text applies.',
 'Add `info.license.url`.',
 H3.replace("contact: {name: N}", "contact: {name: N}, license: {name: MIT}") + "paths: {}\n",
 H3.replace("contact: {name: N}", "contact: {name: N}, license: {name: MIT, url: 'https://opensource.org/licenses/MIT'}") + "paths: {}\n",
 ["redocly:info-license-url", "vacuum:license-url"])

rule("no-eval-in-markdown", "security", "warn", True, [],
 'description: Markdown descriptions must not have "eval(".\ngiven: "$..[description,title]"\nthen: {function: pattern, functionOptions: {notMatch: "eval\\\\("}}\n',
 'Descriptions must not contain `eval(`.',
 'Reports `description` and `title` values that contain `eval(`.',
 'Descriptions are rendered as Markdown in portals; script injected into them runs in readers\' browsers.',
 'Remove the code from the text.',
 H3.replace("description: D,", "description: 'call eval(x)',") + "paths: {}\n", H3 + "paths: {}\n",
 ["vacuum:no-eval-in-markdown"])

rule("no-script-tags-in-markdown", "security", "warn", True, [],
 'description: Markdown descriptions must not have "<script>" tags.\ngiven: "$..[description,title]"\nthen: {function: pattern, functionOptions: {notMatch: "<script"}}\n',
 'Descriptions must not contain `<script>` tags.',
 'Reports `description` and `title` values that contain `<script`.',
 'Descriptions are rendered as Markdown in portals; a script tag runs in readers\' browsers.',
 'Remove the tag from the text.',
 H3.replace("description: D,", "description: '<script>alert(1)</script>',") + "paths: {}\n", H3 + "paths: {}\n",
 ["vacuum:no-script-tags-in-markdown"])

rule("openapi-tags-alphabetical", "documentation", "warn", False, [],
 'description: OpenAPI object must have alphabetical "tags".\ngiven: "$"\nthen: {field: tags, function: alphabetical, functionOptions: {keyedBy: name}}\n',
 'Top-level tags must be in alphabetical order.',
 'Reports the first top-level tag that sorts before the one above it.',
 'Portals list tags in document order; an alphabetical list is easier to scan in a large API.',
 'Sort the `tags` list by name.',
 H3.replace("tags: [{name: t, description: T}]", "tags: [{name: b, description: B}, {name: a, description: A}]") + "paths: {}\n",
 H3.replace("tags: [{name: t, description: T}]", "tags: [{name: a, description: A}, {name: b, description: B}]") + "paths: {}\n",
 ["vacuum:openapi-tags-alphabetical"])

rule("openapi-tags-uniqueness", "documentation", "error", True, [],
 'description: Each tag must have a unique name.\nmessage: "{{error}}"\ngiven: "$.tags"\nthen: {function: uniquenessTags}\n',
 'Each tag must have a unique name.',
 'Reports a top-level tag whose name repeats an earlier one.',
 'Two declarations of one tag give it two descriptions; tools keep one at random.',
 'Merge the two tag declarations.',
 H3.replace("tags: [{name: t, description: T}]", "tags: [{name: t, description: A}, {name: t, description: B}]") + "paths: {}\n",
 H3 + "paths: {}\n",
 ["redocly:tags-uniqueness"])

rule("openapi-tags", "documentation", "warn", False, [],
 'description: OpenAPI object must have non-empty "tags" array.\ngiven: "$"\nthen: {field: tags, function: schema, functionOptions: {dialect: draft7, schema: {type: array, minItems: 1}}}\n',
 'The document must declare a non-empty top-level `tags` list.',
 'Reports documents without top-level tags, or with an empty list.',
 'Declared tags, with descriptions, are how portals group and explain operations.',
 'Declare the tags your operations use at the top level.',
 H3.replace("tags: [{name: t, description: T}]\n", "") + "paths: {}\n", H3 + "paths: {}\n",
 ["vacuum:openapi-tags"])

rule("operation-description", "documentation", "warn", True, [],
 'description: Operation "description" must be present and non-empty string.\ngiven: "#OperationObject"\nthen: {field: description, function: truthy}\n',
 'Operations must have a non-empty `description`.',
 'Reports operations without a `description`, or with an empty one.',
 'The description is where behaviour, side effects and edge cases are explained; a summary alone rarely says enough.',
 'Describe what the operation does, when to use it and what it changes.',
 paths("  /a:\n    get:\n      operationId: op\n      tags: [t]\n      responses: {'200': {description: OK}}\n"),
 paths("  /a:\n    get:\n" + OP + "      responses: {'200': {description: OK}}\n"),
 ["redocly:operation-description", "vacuum:operation-description"])

rule("operation-operationId", "design", "warn", True, [],
 'description: Operation must have "operationId".\ngiven: "#OperationObject"\nthen: {field: operationId, function: truthy}\n',
 'Operations must have an `operationId`.',
 'Reports operations without an `operationId`.',
 'Generators name SDK methods and documentation anchors after the operationId; without one they invent unstable names.',
 'Add a unique, stable operationId.',
 paths("  /a:\n    get:\n      description: D\n      tags: [t]\n      responses: {'200': {description: OK}}\n"),
 paths("  /a:\n    get:\n" + OP + "      responses: {'200': {description: OK}}\n"),
 ["redocly:operation-operationId", "vacuum:operation-operationId"])

rule("operation-operationId-valid-in-url", "naming", "warn", True, [],
 'message: operationId must not contain characters that are invalid when used in URL.\ngiven: "#OperationObject"\nthen: {field: operationId, function: pattern, functionOptions: {match: "^[A-Za-z0-9-._~:/?#\\\\[\\\\]@!\\\\$&\'()*+,;=]*$"}}\n',
 'operationId must contain only characters valid in a URL.',
 'Reports operationIds with characters outside the URL-safe set (spaces, quotes, braces …).',
 'operationIds end up in links, documentation anchors and file names.',
 'Use letters, digits and `-._~` in operationIds.',
 paths("  /a:\n    get:\n" + OP.replace("op\n", "'get items'\n") + "      responses: {'200': {description: OK}}\n"),
 paths("  /a:\n    get:\n" + OP + "      responses: {'200': {description: OK}}\n"),
 ["redocly:operation-operationId-url-safe", "vacuum:operation-operationId-valid-in-url"])

rule("operation-singular-tag", "documentation", "warn", False, [],
 'description: Operation must not have more than a single tag.\ngiven: "#OperationObject"\nthen: {field: tags, function: length, functionOptions: {max: 1}}\n',
 'Operations must not have more than one tag.',
 'Reports operations with two or more tags.',
 'Some generators create one client class per tag; an operation with several tags is generated several times.',
 'Keep one tag per operation.',
 paths("  /a:\n    get:\n" + OP.replace("[t]", "[t, u]") + "      responses: {'200': {description: OK}}\n"),
 paths("  /a:\n    get:\n" + OP + "      responses: {'200': {description: OK}}\n"),
 ["redocly:operation-singular-tag", "vacuum:operation-singular-tag"])

rule("operation-tags", "documentation", "warn", True, [],
 'description: Operation must have non-empty "tags" array.\ngiven: "#OperationObject"\nthen: {field: tags, function: schema, functionOptions: {dialect: draft7, schema: {type: array, minItems: 1}}}\n',
 'Operations must have a non-empty `tags` list.',
 'Reports operations without tags, or with an empty list.',
 'Tags group operations in documentation and generated clients; untagged operations end up in a catch-all group.',
 'Tag each operation with the resource or capability it belongs to.',
 paths("  /a:\n    get:\n      operationId: op\n      description: D\n      responses: {'200': {description: OK}}\n"),
 paths("  /a:\n    get:\n" + OP + "      responses: {'200': {description: OK}}\n"),
 ["redocly:operation-tag-defined", "vacuum:operation-tags"])

rule("path-declarations-must-exist", "validity", "warn", True, [],
 'message: Path parameter declarations must not be empty, ex."/given/{}" is invalid.\ngiven: "$.paths"\nthen: {field: "@key", function: pattern, functionOptions: {notMatch: "{}"}}\n',
 'Path parameter placeholders must not be empty (`{}`).',
 'Reports paths that contain `{}`.',
 'An empty placeholder cannot be bound to a parameter.',
 'Name the placeholder and define the matching path parameter.',
 paths("  /a/{}:\n    get:\n" + OP + "      responses: {'200': {description: OK}}\n"),
 paths("  /a/{id}:\n    get:\n" + OP + "      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'200': {description: OK}}\n"),
 ["vacuum:path-declarations-must-exist"])

rule("path-keys-no-trailing-slash", "naming", "warn", True, [],
 'message: Path must not end with slash.\ngiven: "$.paths"\nthen: {field: "@key", function: pattern, functionOptions: {notMatch: ".+\\\\/$"}}\n',
 'Paths must not end with a slash.',
 'Reports paths (other than `/`) that end with `/`.',
 'Servers and gateways treat `/a/` and `/a` differently; a trailing slash invites 404s and duplicate routes.',
 'Remove the trailing slash.',
 paths("  /a/:\n    get:\n" + OP + "      responses: {'200': {description: OK}}\n"),
 paths("  /a:\n    get:\n" + OP + "      responses: {'200': {description: OK}}\n"),
 ["redocly:no-path-trailing-slash", "vacuum:path-keys-no-trailing-slash"])

rule("path-not-include-query", "naming", "warn", True, [],
 'description: Path must not include query string.\ngiven: "$.paths"\nthen: {field: "@key", function: pattern, functionOptions: {notMatch: "\\\\?"}}\n',
 'Paths must not include a query string.',
 'Reports paths that contain `?`.',
 'Query parameters belong in `parameters` with `in: query`, where they are typed and documented.',
 'Move the query string into query parameters.',
 paths("  /a?x=1:\n    get:\n" + OP + "      responses: {'200': {description: OK}}\n"),
 paths("  /a:\n    get:\n" + OP + "      responses: {'200': {description: OK}}\n"),
 ["vacuum:path-not-include-query"])

rule("tag-description", "documentation", "warn", False, [],
 'description: Tag object must have "description".\ngiven: "$.tags[*]"\nthen: {field: description, function: truthy}\n',
 'Tags must have a `description`.',
 'Reports top-level tags without a description.',
 'The tag description introduces a group of operations in the documentation.',
 'Describe each tag.',
 H3.replace("tags: [{name: t, description: T}]", "tags: [{name: t}]") + "paths: {}\n", H3 + "paths: {}\n",
 ["redocly:tag-description", "vacuum:tag-description"])

rule("no-$ref-siblings", "validity", "error", True, ["oas2", "oas3_0"],
 'description: Property must not be placed among $ref\nmessage: "{{error}}"\ngiven: "$..[?(@property === \'$ref\')]"\nresolved: false\nthen: {function: refSiblings}\n',
 'Properties next to a `$ref` are ignored and must not be written.',
 'Reports every member written beside a `$ref` in Swagger 2.0 and OpenAPI 3.0 documents.',
 'In these versions a Reference Object replaces itself with its target: a `description` or `nullable` next to `$ref` is silently ignored, so the author\'s intent is lost.',
 'Move the extra properties into the target, or wrap the reference in `allOf: [{$ref: …}]` and put them beside the `allOf`.',
 H3 + "paths: {}\ncomponents:\n  schemas:\n    A: {type: string}\n    B:\n      $ref: '#/components/schemas/A'\n      description: ignored\n",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    A: {type: string}\n    B:\n      allOf: [{$ref: '#/components/schemas/A'}]\n      description: kept\n",
 ["redocly:no-ref-siblings", "vacuum:no-$ref-siblings"])

rule("array-items", "validity", "error", True, [],
 'message: Schemas with "type: array", require a sibling "items" field\ngiven: "#ArrayProperties"\nresolved: false\nthen: {field: items, function: truthy}\n',
 'Array schemas must define `items`.',
 'Reports schemas with `type: array` and no `items`.',
 'Without `items` nothing is known about the elements; generators produce untyped lists and validators accept anything.',
 'Add `items` with the element schema.',
 H3 + "paths: {}\ncomponents:\n  schemas:\n    A: {type: array}\n",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    A: {type: array, items: {type: string}}\n",
 ["redocly:array-items (struct)", "vacuum:array-items"])

rule("typed-enum", "validity", "warn", True, [],
 'description: Enum values must respect the specified type.\nmessage: "{{error}}"\ngiven: "$..[?(@ && @.enum && @.type)]"\nthen: {function: typedEnum}\n',
 'Enum values must have the schema\'s type.',
 'Reports each `enum` value whose JSON type is not the schema\'s `type` (OpenAPI 3.0 `nullable` allows `null`).',
 'A value of the wrong type can never be valid, so the enum promises something the API cannot send or accept.',
 'Fix the value\'s type (quote numbers in string enums) or the schema\'s type.',
 H3 + "paths: {}\ncomponents:\n  schemas:\n    A: {type: string, enum: [a, 1]}\n",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    A: {type: string, enum: [a, '1']}\n",
 ["vacuum:typed-enum"])

rule("oas2-api-host", "validity", "warn", True, ["oas2"],
 'description: OpenAPI "host" must be present and non-empty string.\ngiven: "$"\nthen: {field: host, function: truthy}\n',
 'Swagger 2.0 documents must declare `host`.',
 'Reports Swagger 2.0 documents without a `host`.',
 'Without a host, clients call the host that served the description, which is rarely the API.',
 'Declare the API\'s host.',
 H2.replace("host: api.example.org\n", "") + "paths: {}\n", H2 + "paths: {}\n",
 ["vacuum:oas2-api-host"])

rule("oas2-api-schemes", "security", "warn", True, ["oas2"],
 'description: OpenAPI host "schemes" must be present and non-empty array.\ngiven: "$"\nthen: {field: schemes, function: schema, functionOptions: {dialect: draft7, schema: {items: {type: string}, minItems: 1, type: array}}}\n',
 'Swagger 2.0 documents must declare `schemes`.',
 'Reports Swagger 2.0 documents without a non-empty `schemes` list.',
 'Without schemes clients fall back to the scheme that served the description, possibly plain HTTP.',
 'Declare `schemes: [https]`.',
 H2.replace("schemes: [https]\n", "") + "paths: {}\n", H2 + "paths: {}\n",
 ["vacuum:oas2-api-schemes"])

rule("oas2-discriminator", "validity", "error", True, ["oas2"],
 'description: discriminator property must be defined and required\nmessage: "{{error}}"\ngiven: "$.definitions[?(@ && @.discriminator)]"\nthen: {function: oasDiscriminator}\n',
 'A discriminator must name a defined, required property.',
 'Reports Swagger 2.0 definitions whose `discriminator` is not a string naming a property that is both defined and required.',
 'Polymorphic deserialisation reads the discriminator property; if it may be absent, clients cannot pick the subtype.',
 'Define the property and list it in `required`.',
 H2 + "paths: {}\ndefinitions:\n  Pet:\n    type: object\n    discriminator: kind\n    properties: {name: {type: string}}\n",
 H2 + "paths: {}\ndefinitions:\n  Pet:\n    type: object\n    discriminator: kind\n    required: [kind]\n    properties: {kind: {type: string}}\n",
 ["vacuum:oas2-discriminator"])

rule("oas2-host-not-example", "validity", "warn", False, ["oas2"],
 'description: Host URL must not point at example.com.\ngiven: "$"\nthen: {field: host, function: pattern, functionOptions: {notMatch: "example\\\\.com"}}\n',
 'The host must not be example.com.',
 'Reports Swagger 2.0 documents whose `host` contains `example.com`.',
 'A placeholder host in a published description sends every client to the wrong place.',
 'Put the real host.',
 H2.replace("api.example.org", "api.example.com") + "paths: {}\n", H2 + "paths: {}\n",
 ["vacuum:oas2-host-not-example"])

rule("oas2-host-trailing-slash", "naming", "warn", True, ["oas2"],
 'description: Server URL must not have trailing slash.\ngiven: "$"\nthen: {field: host, function: pattern, functionOptions: {notMatch: "/$"}}\n',
 'The host must not end with a slash.',
 'Reports Swagger 2.0 `host` values ending with `/`.',
 'The host is joined with `basePath` and paths; a trailing slash yields `//` in every URL.',
 'Remove the slash.',
 H2.replace("api.example.org", "api.example.org/") + "paths: {}\n", H2 + "paths: {}\n",
 ["vacuum:oas2-host-trailing-slash"])

rule("oas2-parameter-description", "documentation", "warn", False, ["oas2"],
 'description: Parameter objects must have "description".\ngiven: "$..parameters[?(@ && @.in)]"\nthen: {field: description, function: truthy}\n',
 'Parameters must have a `description`.',
 'Reports Swagger 2.0 parameters without a description.',
 'Parameter names rarely say enough about format, units or defaults.',
 'Describe each parameter.',
 paths("  /a:\n    get:\n" + OP + "      parameters:\n        - {name: q, in: query, type: string}\n      responses: {'200': {description: OK}}\n", H2),
 paths("  /a:\n    get:\n" + OP + "      parameters:\n        - {name: q, in: query, type: string, description: Search text.}\n      responses: {'200': {description: OK}}\n", H2),
 ["vacuum:oas2-parameter-description"])

rule("oas2-operation-security-defined", "security", "warn", True, ["oas2"],
 'description: Operation "security" values must match a scheme defined in the "securityDefinitions" object.\nmessage: "{{error}}"\ngiven: "#SecurityRequirementObject"\nthen: {function: oasSecurityDefined, functionOptions: {oasVersion: 2}}\n',
 'Security requirements must name defined schemes and scopes.',
 'Reports Swagger 2.0 security requirements naming a scheme missing from `securityDefinitions`, or a scope the scheme does not list.',
 'An undefined scheme or scope cannot be obtained by clients; the operation is effectively unusable or its protection is unknown.',
 'Define the scheme in `securityDefinitions` and list its scopes.',
 H2 + "security: [{oauth: [read]}]\npaths: {}\n",
 H2 + "securityDefinitions:\n  oauth: {type: oauth2, flow: application, tokenUrl: 'https://auth.example.org/token', scopes: {read: Read}}\nsecurity: [{oauth: [read]}]\npaths: {}\n",
 ["redocly:security-defined", "vacuum:oas2-operation-security-defined"])

rule("oas2-valid-schema-example", "validity", "error", True, ["oas2"],
 'description: Examples must be valid against their defined schema.\nmessage: "{{error}}"\ngiven:\n  - "$..definitions..[?(@property !== \'properties\' && @ && (@.example !== void 0 || @[\'x-example\'] !== void 0 || @.default !== void 0) && (@.enum || @.type || @.format || @.$ref || @.properties || @.items))]"\n  - "$..parameters..[?(@property !== \'properties\' && @ && (@.example !== void 0 || @[\'x-example\'] !== void 0 || @.default !== void 0) && (@.enum || @.type || @.format || @.$ref || @.properties || @.items))]"\n  - "$..responses..[?(@property !== \'properties\' && @ && (@.example !== void 0 || @[\'x-example\'] !== void 0 || @.default !== void 0) && (@.enum || @.type || @.format || @.$ref || @.properties || @.items))]"\nthen: {function: oasExample, functionOptions: {schemaField: $, oasVersion: 2, type: schema}}\n',
 'Schema examples and defaults must be valid against the schema.',
 'Reports `example`, `x-example` and `default` values of Swagger 2.0 schemas and parameters that their schema rejects.',
 'Examples are copied into documentation, mocks and tests; an invalid one teaches consumers the wrong format.',
 'Fix the example (or the schema).',
 H2 + "paths: {}\ndefinitions:\n  A: {type: integer, example: ten}\n",
 H2 + "paths: {}\ndefinitions:\n  A: {type: integer, example: 10}\n",
 ["vacuum:oas2-valid-schema-example"])

rule("oas2-valid-media-example", "validity", "error", True, ["oas2"],
 'description: Examples must be valid against their defined schema.\nmessage: "{{error}}"\ngiven: "$..responses..[?(@ && @.schema && @.examples)]"\nthen: {function: oasExample, functionOptions: {schemaField: schema, oasVersion: 2, type: media}}\n',
 'Response examples must be valid against the response schema.',
 'Reports Swagger 2.0 response `examples` (per media type) that the response schema rejects.',
 'Examples are copied into documentation, mocks and tests; an invalid one teaches consumers the wrong format.',
 'Fix the example (or the schema).',
 paths("  /a:\n    get:\n" + OP + "      responses:\n        '200':\n          description: OK\n          schema: {type: object, required: [id], properties: {id: {type: integer}}}\n          examples: {application/json: {id: x}}\n", H2),
 paths("  /a:\n    get:\n" + OP + "      responses:\n        '200':\n          description: OK\n          schema: {type: object, required: [id], properties: {id: {type: integer}}}\n          examples: {application/json: {id: 1}}\n", H2),
 ["vacuum:oas2-valid-media-example"])

rule("oas2-anyOf", "validity", "warn", True, ["oas2"],
 'description: anyOf is not available in OpenAPI v2, it was added in OpenAPI v3\nmessage: \'"anyOf" keyword must not be used in OpenAPI v2 document.\'\ngiven: "$..anyOf"\nthen: {function: undefined}\n',
 '`anyOf` does not exist in Swagger 2.0.',
 'Reports `anyOf` in Swagger 2.0 documents.',
 'Swagger 2.0 tools ignore the keyword, so the schema accepts anything where the author meant alternatives.',
 'Restructure the schema, or move the description to OpenAPI 3.',
 H2 + "paths: {}\ndefinitions:\n  A: {anyOf: [{type: string}, {type: integer}]}\n", H2 + "paths: {}\ndefinitions:\n  A: {type: string}\n",
 ["vacuum:oas2-anyOf"])

rule("oas2-oneOf", "validity", "warn", True, ["oas2"],
 'description: oneOf is not available in OpenAPI v2, it was added in OpenAPI v3\nmessage: \'"oneOf" keyword must not be used in OpenAPI v2 document.\'\ngiven: "$..oneOf"\nthen: {function: undefined}\n',
 '`oneOf` does not exist in Swagger 2.0.',
 'Reports `oneOf` in Swagger 2.0 documents.',
 'Swagger 2.0 tools ignore the keyword, so the schema accepts anything where the author meant alternatives.',
 'Restructure the schema, or move the description to OpenAPI 3.',
 H2 + "paths: {}\ndefinitions:\n  A: {oneOf: [{type: string}, {type: integer}]}\n", H2 + "paths: {}\ndefinitions:\n  A: {type: string}\n",
 ["vacuum:oas2-oneOf"])

rule("oas2-schema", "validity", "error", True, ["oas2"],
 'description: Validate structure of OpenAPI v2 specification.\nmessage: "{{error}}."\ngiven: "$"\nresolved: false\nthen: {function: oasDocumentSchema}\n',
 'Validate structure of OpenAPI v2 specification.',
 'Checks a Swagger 2.0 document against the official Swagger 2.0 JSON Schema (plus requirements of the specification text the schema leaves out, such as OAuth2 `scopes`): required fields, allowed fields, types and allowed values. The root document is checked as written, references not followed, as Spectral does. Messages name the field and what is expected.',
 'A document that breaks the specification is read differently by each tool: generators drop parts, gateways reject it, documentation renders it wrong.',
 'Follow the message: it names the field and what the specification expects there.',
 paths("  /a:\n    get:\n" + OP + "      parameters:\n        - {name: q, in: cookie, type: string}\n      responses: {'200': {description: OK}}\n", H2),
 paths("  /a:\n    get:\n" + OP + "      parameters:\n        - {name: q, in: query, type: string}\n      responses: {'200': {description: OK}}\n", H2),
 ["redocly:struct", "vacuum:oas2-schema"])

rule("oas2-unused-definition", "design", "warn", True, ["oas2"],
 'description: Potentially unused definition has been detected.\ngiven: "$.definitions"\nresolved: false\nthen: {function: unreferencedReusableObject, functionOptions: {reusableObjectsLocation: "#/definitions"}}\n',
 'Definitions should be used.',
 'Reports Swagger 2.0 `definitions` that no `$ref` points at.',
 'Unused definitions are dead weight in generated code and often a sign that a reference points at the wrong name.',
 'Reference the definition, or delete it.',
 H2 + "paths: {}\ndefinitions:\n  Unused: {type: string}\n",
 paths("  /a:\n    get:\n" + OP + "      responses: {'200': {description: OK, schema: {$ref: '#/definitions/Used'}}}\ndefinitions:\n  Used: {type: string}\n", H2),
 ["redocly:no-unused-components", "vacuum:oas2-unused-definition"])

rule("oas3-api-servers", "validity", "warn", True, ["oas3"],
 'description: OpenAPI "servers" must be present and non-empty array.\ngiven: "$"\nthen: {field: servers, function: schema, functionOptions: {dialect: draft7, schema: {items: {type: object}, minItems: 1, type: array}}}\n',
 'The document must declare `servers`.',
 'Reports OpenAPI 3 documents without a non-empty `servers` list.',
 'Without servers, clients call the host that served the description, which is rarely the API.',
 'Declare the API\'s servers.',
 H3.replace("servers: [{url: 'https://api.example.org'}]\n", "") + "paths: {}\n", H3 + "paths: {}\n",
 ["redocly:no-empty-servers", "vacuum:oas3-api-servers"])

rule("oas3-examples-value-or-externalValue", "validity", "warn", True, ["oas3"],
 'description: Examples must have either "value" or "externalValue" field.\ngiven:\n  - "$.components.examples[*]"\n  - "$.paths[*][*]..content[*].examples[*]"\n  - "$.paths[*][*]..parameters[*].examples[*]"\n  - "$.components.parameters[*].examples[*]"\n  - "$.paths[*][*]..headers[*].examples[*]"\n  - "$.components.headers[*].examples[*]"\nthen: {function: xor, functionOptions: {properties: [externalValue, value]}}\n',
 'Examples must have exactly one of `value` and `externalValue`.',
 'Reports Example Objects with neither or both of `value` and `externalValue`.',
 'An example without a value shows nothing; with both, tools disagree on which one to show.',
 'Keep exactly one of the two.',
 H3 + "paths: {}\ncomponents:\n  examples:\n    E: {summary: nothing}\n",
 H3 + "paths: {}\ncomponents:\n  examples:\n    E: {summary: something, value: 1}\n",
 ["redocly:no-invalid-media-type-examples", "vacuum:oas3-examples-value-or-externalValue"])

rule("oas3-operation-security-defined", "security", "warn", True, ["oas3"],
 'description: Operation "security" values must match a scheme defined in the "components.securitySchemes" object.\nmessage: "{{error}}"\ngiven: "#SecurityRequirementObject"\nthen: {function: oasSecurityDefined, functionOptions: {oasVersion: 3}}\n',
 'Security requirements must name defined schemes and scopes.',
 'Reports security requirements naming a scheme missing from `components.securitySchemes`, or a scope that no flow of the scheme lists.',
 'An undefined scheme or scope cannot be obtained by clients; the operation is effectively unusable or its protection is unknown.',
 'Define the scheme in `components.securitySchemes` and list its scopes in its flows.',
 H3 + "security: [{oauth: [read]}]\npaths: {}\n",
 H3 + "security: [{oauth: [read]}]\npaths: {}\ncomponents:\n  securitySchemes:\n    oauth:\n      type: oauth2\n      flows: {clientCredentials: {tokenUrl: 'https://auth.example.org/token', scopes: {read: Read}}}\n",
 ["redocly:security-defined", "vacuum:oas3-operation-security-defined"])

rule("oas3-parameter-description", "documentation", "warn", False, ["oas3"],
 'description: Parameter objects must have "description".\ngiven:\n  - "#PathItem.parameters[?(@ && @.in)]"\n  - "#OperationObject.parameters[?(@ && @.in)]"\n  - "$.components.parameters[?(@ && @.in)]"\nthen: {field: description, function: truthy}\n',
 'Parameters must have a `description`.',
 'Reports OpenAPI 3 parameters without a description.',
 'Parameter names rarely say enough about format, units or defaults.',
 'Describe each parameter.',
 paths("  /a:\n    get:\n" + OP + "      parameters:\n        - {name: q, in: query, schema: {type: string}}\n      responses: {'200': {description: OK}}\n"),
 paths("  /a:\n    get:\n" + OP + "      parameters:\n        - {name: q, in: query, description: Search text., schema: {type: string}}\n      responses: {'200': {description: OK}}\n"),
 ["redocly:parameter-description", "vacuum:oas3-parameter-description"])

rule("oas3-server-not-example.com", "validity", "warn", False, ["oas3"],
 'description: Server URL must not point at example.com.\ngiven: "$.servers[*].url"\nthen: {function: pattern, functionOptions: {notMatch: "example\\\\.com"}}\n',
 'Server URLs must not point at example.com.',
 'Reports server URLs containing `example.com`.',
 'A placeholder server in a published description sends every client to the wrong place.',
 'Put the real server URL.',
 H3.replace("api.example.org", "api.example.com") + "paths: {}\n", H3 + "paths: {}\n",
 ["redocly:no-server-example.com", "vacuum:oas3-server-not-example.com"])

rule("oas3-server-trailing-slash", "naming", "warn", True, ["oas3"],
 'description: Server URL must not have trailing slash.\ngiven: "$.servers[*].url"\nthen: {function: pattern, functionOptions: {notMatch: "./$"}}\n',
 'Server URLs must not end with a slash.',
 'Reports server URLs ending with `/` (other than `/` itself).',
 'Paths start with `/`; a trailing slash on the server yields `//` in every URL.',
 'Remove the trailing slash.',
 H3.replace("api.example.org'", "api.example.org/'") + "paths: {}\n", H3 + "paths: {}\n",
 ["redocly:no-server-trailing-slash", "vacuum:oas3-server-trailing-slash"])

rule("oas3-valid-media-example", "validity", "error", True, ["oas3"],
 'description: Examples must be valid against their defined schema.\nmessage: "{{error}}"\ngiven:\n  - "$..content..[?(@ && @.schema && (@.example !== void 0 || @.examples))]"\n  - "$..headers..[?(@ && @.schema && (@.example !== void 0 || @.examples))]"\n  - "$..parameters..[?(@ && @.schema && (@.example !== void 0 || @.examples))]"\nthen: {function: oasExample, functionOptions: {schemaField: schema, oasVersion: 3, type: media}}\n',
 'Media type, parameter and header examples must be valid against their schema.',
 'Reports `example` and `examples[*].value` of media types, parameters and headers that their schema rejects (OpenAPI 3.0 `nullable` is honoured).',
 'Examples are copied into documentation, mocks and tests; an invalid one teaches consumers the wrong format.',
 'Fix the example (or the schema).',
 paths("  /a:\n    get:\n" + OP + "      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema: {type: object, required: [id], properties: {id: {type: integer}}}\n              example: {id: x}\n"),
 paths("  /a:\n    get:\n" + OP + "      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema: {type: object, required: [id], properties: {id: {type: integer}}}\n              example: {id: 1}\n"),
 ["redocly:no-invalid-media-type-examples", "vacuum:oas3-valid-schema-example"])

rule("oas3-valid-schema-example", "validity", "error", True, ["oas3"],
 'description: Examples must be valid against their defined schema.\nmessage: "{{error}}"\ngiven:\n  - "$.components.schemas..[?(@property !== \'properties\' && @ && (@ && @.example !== void 0 || @.default !== void 0) && (@.enum || @.type || @.format || @.$ref || @.properties || @.items))]"\n  - "$..content..[?(@property !== \'properties\' && @ && (@ && @.example !== void 0 || @.default !== void 0) && (@.enum || @.type || @.format || @.$ref || @.properties || @.items))]"\n  - "$..headers..[?(@property !== \'properties\' && @ && (@ && @.example !== void 0 || @.default !== void 0) && (@.enum || @.type || @.format || @.$ref || @.properties || @.items))]"\n  - "$..parameters..[?(@property !== \'properties\' && @ && (@ && @.example !== void 0 || @.default !== void 0) && (@.enum || @.type || @.format || @.$ref || @.properties || @.items))]"\nthen: {function: oasExample, functionOptions: {schemaField: $, oasVersion: 3, type: schema}}\n',
 'Schema examples and defaults must be valid against the schema.',
 'Reports `example` and `default` values of schemas that the schema itself rejects.',
 'Examples and defaults are copied into documentation, mocks and generated code; an invalid one is a bug waiting in every client.',
 'Fix the example or default (or the schema).',
 H3 + "paths: {}\ncomponents:\n  schemas:\n    A: {type: integer, example: ten}\n",
 H3 + "paths: {}\ncomponents:\n  schemas:\n    A: {type: integer, example: 10}\n",
 ["redocly:no-invalid-schema-examples", "vacuum:oas3-valid-schema-example"])

rule("oas3-schema", "validity", "error", True, ["oas3"],
 'description: Validate structure of OpenAPI v3 specification.\nmessage: "{{error}}."\ngiven: "$"\nresolved: false\nthen: {function: oasDocumentSchema}\n',
 'Validate structure of OpenAPI v3 specification.',
 'Checks an OpenAPI 3.0, 3.1 or 3.2 document against the official JSON Schema of its version (for 3.1 and 3.2 with the OpenAPI dialect, so Schema Objects are checked too): required fields, allowed fields, types, allowed values, mutually exclusive fields. The root document is checked as written, references not followed, as Spectral does. Messages name the field and what is expected.',
 'A document that breaks the specification is read differently by each tool: generators drop parts, gateways reject it, documentation renders it wrong.',
 'Follow the message: it names the field and what the specification expects there.',
 paths("  /a:\n    get:\n" + OP + "      parameters:\n        - {name: q, in: body, schema: {type: string}}\n      responses: {'200': {description: OK}}\n"),
 paths("  /a:\n    get:\n" + OP + "      parameters:\n        - {name: q, in: query, schema: {type: string}}\n      responses: {'200': {description: OK}}\n"),
 ["redocly:struct", "vacuum:oas3-schema"])

rule("oas3-unused-component", "design", "warn", True, ["oas3"],
 'message: Potentially unused component has been detected.\ngiven: "$"\nresolved: false\nthen: {function: oasUnusedComponent}\n',
 'Components should be used.',
 'Reports schemas, responses, parameters, examples, request bodies, headers, links and callbacks under `components` that no `$ref` points at.',
 'Unused components are dead weight in generated code and often a sign that a reference points at the wrong name.',
 'Reference the component, or delete it.',
 H3 + "paths: {}\ncomponents:\n  schemas:\n    Unused: {type: string}\n",
 paths("  /a:\n    get:\n" + OP + "      responses: {'200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Used'}}}}}\ncomponents:\n  schemas:\n    Used: {type: string}\n"),
 ["redocly:no-unused-components", "vacuum:oas3-unused-component"])

rule("oas3-server-variables", "validity", "error", True, [],
 'description: Server variables must be defined and valid and there must be no unused variables.\nmessage: "{{error}}"\ngiven:\n  - "$.servers[*]"\n  - "#PathItem.servers[*]"\n  - "#OperationObject.servers[*]"\n  - "#LinkObject.server"\nthen: {function: serverVariables, functionOptions: {checkSubstitutions: true, requireDefault: true}}\n',
 'Server variables must be defined, used, and have valid defaults.',
 'Reports `{name}` in a server URL without a matching variable, variables the URL does not use, variables without a `default`, and defaults not listed in the variable\'s `enum`.',
 'Clients substitute variables from the description; a missing or unused variable yields a URL that does not exist.',
 'Make the URL template and the `variables` agree, and give each variable a default.',
 H3.replace("servers: [{url: 'https://api.example.org'}]", "servers: [{url: 'https://{region}.example.org'}]") + "paths: {}\n",
 H3.replace("servers: [{url: 'https://api.example.org'}]", "servers: [{url: 'https://{region}.example.org', variables: {region: {default: eu}}}]") + "paths: {}\n",
 ["redocly:no-undefined-server-variable", "vacuum:oas3-server-variables"])

rule("oas3-callbacks-in-callbacks", "design", "warn", True, ["oas3"],
 'message: Callbacks should not be defined within a callback\ngiven: "#OperationObject.callbacks[*][*][*].callbacks"\nthen: {function: undefined}\n',
 'Callbacks should not contain callbacks.',
 'Reports operations inside a callback that declare their own `callbacks`.',
 'Nested callbacks describe a conversation few tools can document or generate; they usually belong to a separate API.',
 'Flatten the interaction, or describe the nested callback as its own webhook.',
 paths("  /a:\n    post:\n" + OP + "      responses: {'200': {description: OK}}\n      callbacks:\n        cb:\n          '{$request.body#/url}':\n            post:\n              responses: {'200': {description: OK}}\n              callbacks: {inner: {}}\n"),
 paths("  /a:\n    post:\n" + OP + "      responses: {'200': {description: OK}}\n      callbacks:\n        cb:\n          '{$request.body#/url}':\n            post:\n              responses: {'200': {description: OK}}\n"),
 ["vacuum:oas3-callbacks-in-callbacks"])

rule("oas3_1-servers-in-webhook", "design", "warn", True, ["oas3_1", "oas3_2"],
 'message: Servers should not be defined in a webhook.\ngiven:\n  - "$.webhooks.servers"\n  - "$.webhooks[*][*].servers"\nthen: {function: undefined}\n',
 'Webhooks should not declare servers.',
 'Reports `servers` inside webhooks.',
 'A webhook is called by the API on the subscriber\'s URL; servers there have no meaning.',
 'Remove the servers from the webhook.',
 H31 + "webhooks:\n  w:\n    post:\n      servers: [{url: 'https://x.example.org'}]\n      responses: {'200': {description: OK}}\n",
 H31 + "webhooks:\n  w:\n    post:\n      responses: {'200': {description: OK}}\n",
 ["vacuum:oas3_1-servers-in-webhook"])

rule("oas3_1-callbacks-in-webhook", "design", "warn", True, ["oas3_1", "oas3_2"],
 'message: Callbacks should not be defined in a webhook.\ngiven: "$.webhooks[*][*].callbacks"\nthen: {function: undefined}\n',
 'Webhooks should not declare callbacks.',
 'Reports `callbacks` inside webhook operations.',
 'A webhook is itself a callback; a callback of a callback is a conversation few tools understand.',
 'Describe the follow-up call as its own webhook.',
 H31 + "webhooks:\n  w:\n    post:\n      responses: {'200': {description: OK}}\n      callbacks: {c: {}}\n",
 H31 + "webhooks:\n  w:\n    post:\n      responses: {'200': {description: OK}}\n",
 ["vacuum:oas3_1-callbacks-in-webhook"])

rule("oas3_2-no-deprecated-xml-attribute", "versioning", "warn", True, ["oas3_2"],
 'message: \'"xml.attribute" is deprecated in OAS 3.2; use "xml.nodeType: attribute" instead.\'\ngiven: "$..[?(@ && @.xml)].xml"\nthen: {function: schema, functionOptions: {schema: {not: {properties: {attribute: {const: true}}, required: [attribute]}}}}\n',
 '`xml.attribute` is deprecated in OpenAPI 3.2.',
 'Reports `xml: {attribute: true}` in OpenAPI 3.2 documents.',
 'OpenAPI 3.2 replaces the flag with `nodeType: attribute`; the old form will be removed.',
 'Write `xml: {nodeType: attribute}`.',
 H32 + "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        id: {type: string, xml: {attribute: true}}\n",
 H32 + "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        id: {type: string, xml: {nodeType: attribute}}\n",
 [])

SEV = {"error": "Error", "warn": "Warn", "info": "Info", "hint": "Hint"}
CAT = {c: c.capitalize() for c in ["validity", "naming", "security", "versioning", "documentation", "design"]}

def rs_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

def raw(s):
    n = 1
    while ('"' + "#" * n) in s:
        n += 1
    return "r" + "#" * n + '"' + s + '"' + "#" * n

out_dir = os.path.join(os.path.dirname(__file__), "..", "crates", "gardefou_linter", "src", "rules", "oas")
mods = []
for r in R:
    mod = r["id"].replace("-", "_").replace("$", "").replace(".", "_").lower()
    mod = mod.replace("__", "_").strip("_")
    ty = "".join(p.capitalize() for p in mod.split("_"))
    mods.append((mod, ty))
    # A rule without its own `formats` has the ruleset's: Spectral's `spectral:oas` declares
    # `formats: [oas2, oas3, oas3_0, oas3_1, oas3_2]`, so no rule of it runs on a document that
    # is not OpenAPI (that one gets only `unrecognized-format`).
    formats = ", ".join(rs_str(f) for f in (r["formats"] or ["oas2", "oas3"]))
    peers = ", ".join(rs_str(p) for p in ["spectral:" + r["id"]] + list(r["peers"]))
    body = f'''//! `{r["id"]}` (Spectral's `spectral:oas`). Generated by `tools/spectral_oas_rules.py`.

use crate::finding::{{Category, Severity}};
use crate::rule::{{RuleDocs, RuleMeta}};

static META: RuleMeta = RuleMeta {{
    id: {rs_str(r["id"])},
    ruleset: "spectral:oas",
    category: Category::{CAT[r["category"]]},
    severity: Severity::{SEV[r["sev"]]},
    recommended: {"true" if r["rec"] else "false"},
    formats: &[{formats}],
    summary: {rs_str(r["summary"])},
    peers: &[{peers}],
    docs: RuleDocs {{
        what: {rs_str(r["what"])},
        why: {rs_str(r["why"])},
        fix: {rs_str(r["fix"])},
        invalid: {raw(r["invalid"])},
        valid: {raw(r["valid"])},
    }},
}};

crate::declarative_rule!(
    {ty},
    META,
    {raw(r["definition"])}
);
'''
    with open(os.path.join(out_dir, mod + ".rs"), "w") as f:
        f.write(body)

with open(os.path.join(out_dir, "mod.rs"), "w") as f:
    f.write("//! Rules of Spectral's `spectral:oas` ruleset, with Spectral's names, severities, formats and\n//! definitions. Generated by `tools/spectral_oas_rules.py`.\n\n")
    for mod, _ in sorted(mods):
        f.write(f"pub mod {mod};\n")
    f.write("\n/// The rules in Spectral's order.\npub fn rules() -> Vec<&'static dyn crate::rule::Rule> {\n    vec![\n")
    for mod, ty in mods:
        f.write(f"        &{mod}::{ty},\n")
    f.write("    ]\n}\n")
print(len(R), "rules")
