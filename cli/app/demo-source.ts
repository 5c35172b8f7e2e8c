import { fileURLToPath } from 'node:url';

/** The source file of the built-in demo mailbox (`{{base}}` = the demo site's address): what `npm start` watches by default. */
export const demoSourceFile = fileURLToPath(new URL('../../crawlers/sources/demo.yaml', import.meta.url));
