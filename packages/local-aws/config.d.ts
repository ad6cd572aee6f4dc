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
     * Port to listen on; `agentMesh.aws.endpoints.*` must point at it. 0 picks a free port.
     * @default 4599
     */
    port?: number;
    /**
     * Port of the artifacts S3 (s3rver, path-style; S3 speaks REST-XML, so it has its own port);
     * `agentMesh.aws.endpoints.s3` must point at it. It holds each demo mesh's artifacts bucket in a temporary
     * directory removed at shutdown. 0 picks a free port.
     * @default 4598
     */
    s3Port?: number;
    /**
     * Seed of every random draw in the demo world (history, run outcomes, names). The same seed and `now`
     * reproduce the same world.
     * @default agent-mesh
     */
    seed?: string | number;
    /**
     * Fix the world clock at this ISO 8601 time, e.g. `2025-11-24T12:00:00Z`; it then moves only through the
     * control API (`POST /_local/clock/advance`). For tests. The wall clock when absent.
     * @default the wall clock
     */
    now?: string;
    /**
     * The catalog file whose `agent-mesh` Systems and `agent` Components are the demo meshes, resolved against
     * the backend's working directory like catalog file locations.
     * @default ../../catalog/demo-meshes.yaml
     */
    catalogFile?: string;
    /**
     * Days of seeded history (runs, metrics, alarm transitions, daily cost) before start.
     * @default 28
     */
    historyDays?: number;
    /**
     * Start new runs over time, run the sweeper every 6 hours, and start with runs under way and waiting at
     * the approval gate.
     * @default true
     */
    liveRuns?: boolean;
    /**
     * Live conductor runs started per hour in every mesh.
     * @default each tier's usage assumption divided by 24 (small 40, medium 150, large 400 runs a day)
     */
    runsPerHour?: number;
    /**
     * Seconds between ticks of the living world (new runs, queue samples, cost accrual).
     * @default 5
     */
    tickSeconds?: number;
    /**
     * The token every control API request (`/_local/`) must carry in the `x-agent-mesh-local-token` header, so
     * a web page the developer visits cannot reset or seed the world. At least 16 characters. The scaffolder's
     * local module reads it (or `controlTokenFile`) to create published meshes. Never logged.
     * @default 32 random bytes (base64url), new at every start
     * @visibility secret
     */
    controlToken?: string;
    /**
     * A file the token is written to at start (mode 0600, removed at shutdown), for the developer's tools and
     * the browser journeys (`curl -H "x-agent-mesh-local-token: $(cat <file>)" ...`). Relative paths are
     * resolved against the backend's working directory.
     * @default not written
     */
    controlTokenFile?: string;
    /**
     * Origins (`scheme://host:port`) allowed to call the control API from a browser. Any other request with an
     * `Origin` header (browsers send one on every cross-site request) is refused with 403, and so is its CORS
     * preflight.
     * @default none
     */
    controlAllowedOrigins?: string[];
  };
}
