module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // CDK constructs attach themselves to the construct tree when created; `new X(scope, id)` is the idiom.
    'no-new': 'off',
    // aws-cdk-lib/assertions' Template methods assert by throwing.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', '*.hasResourceProperties', '*.hasResource', '*.resourceCountIs'] },
    ],
  },
});
