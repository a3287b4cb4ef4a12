/** @type {import('eslint-doc-generator').GenerateOptions} */
export default {
  ignoreConfig: ["all"],
  ruleDocSectionInclude: ["Options", "When Not To Use It"],
  ruleDocTitleFormat: "desc-parens-name",
  urlConfigs: "https://github.com/eslint-plugin-llm-cost/eslint-plugin-llm-cost#configs",
};
