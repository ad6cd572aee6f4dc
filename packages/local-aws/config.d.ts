export interface Config {
  /** The embedded default AWS (`packages/local-aws`), for running the product without an AWS account. */
  localAws?: {
    /**
     * Start the embedded AWS inside the backend process.
     * @default false
     */
    enabled?: boolean;
    /**
     * Interface to listen on. Keep it on loopback: the server checks no signatures.
     * @default 127.0.0.1
     */
    host?: string;
    /**
     * Port to listen on; `agentMesh.aws.endpoints.*` must point at it.
     * @default 4599
     */
    port?: number;
  };
}
