import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';

/**
 * Creates the template bucket when it is missing. On AWS the controller's own stack owns it; this
 * is for emulators, where nothing else would create it.
 *
 * @example
 * await ensureTemplateBucket(clients.s3, 'plumbline-templates-000000000000-eu-west-1');
 */
export async function ensureTemplateBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    // Already there (ours, or another account's name) is what we wanted or will surface on upload.
    if (error instanceof Error && /^BucketAlready(OwnedByYou|Exists)$/.test(error.name)) return;
    throw error;
  }
}
