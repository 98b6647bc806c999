export { buildRunPlans, type BuildRunPlansOptions, type BuiltRunPlans } from './build-plan.js'
export * from './run-plan.js'
export { assertPlanAccepted, validatePlan, type PlanIssue, type PlanValidation } from './validate-plan.js'
