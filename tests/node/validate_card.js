// Parse an Adaptive Card with Microsoft's own SDK (npm "adaptivecards") and print every
// problem it reports as JSON: {"errors": [...], "version": "..."}; exit 0 either way.
// Usage: node validate_card.js card.json
"use strict";
const fs = require("fs");
const AC = require("adaptivecards/dist/adaptivecards.js");

const json = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const card = new AC.AdaptiveCard();
// Check every property against the version the card declares (Teams renders up to 1.5).
const declared = AC.Version.parse(json.version, new AC.SerializationContext());
const context = new AC.SerializationContext(declared);
card.parse(json, context);
const errors = [];
for (let i = 0; i < context.eventCount; i++) {
  const e = context.getEventAt(i);
  errors.push({ phase: "parse", event: AC.ValidationEvent[e.event], message: e.message });
}
for (const issue of card.validateProperties().validationEvents) {
  errors.push({ phase: "validate", event: AC.ValidationEvent[issue.event], message: issue.message });
}
process.stdout.write(JSON.stringify({ errors: errors, version: declared.toString() }) + "\n");
