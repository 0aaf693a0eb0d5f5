// Azure's data-plane Spectral ruleset as Azure's own LintDiff tool hands it to Spectral.
// Unchanged (azure.yaml), Spectral 6.16.3 refuses it: four rules carry LintDiff-only keys
// (disableForTypeSpecDataPlane, disableForTypeSpecDataPlaneReason) that Spectral's ruleset
// schema does not allow. LintDiff deletes them first with the package's own helper; so does
// this file, and nothing else.
import dataplane from "@microsoft.azure/openapi-validator-rulesets/dist/spectral/az-dataplane.js";
import { deleteRulesPropertiesInPayloadNotValidForSpectralRules } from "@microsoft.azure/openapi-validator-rulesets/dist/spectral/utils.js";

deleteRulesPropertiesInPayloadNotValidForSpectralRules(dataplane);

export default dataplane;
