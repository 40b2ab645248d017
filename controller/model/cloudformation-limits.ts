/** CloudFormation's limit for an inline `TemplateBody`, in bytes; larger templates go through S3. */
export const TEMPLATE_BODY_LIMIT = 51_200;
