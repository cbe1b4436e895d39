/** JSON-LD contexts of the credentials and documents we publish (ADR 0015). */

/** W3C Verifiable Credentials Data Model 2.0. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** 1EdTech Open Badges 3.0 (the VC 2.0 aligned context). */
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** W3C DID Core 1.0. */
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
/** Security vocabulary terms for `JsonWebKey` verification methods and `publicKeyJwk`. */
export const JWK_V1_CONTEXT = 'https://w3id.org/security/jwk/v1';
