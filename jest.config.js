/** Two tiers: `unit` (pure logic and Pulumi mocks, seconds) and `engines` (real PostgreSQL, Kafka, Cassandra, Spark). */
const common = {
  preset: "ts-jest",
  testEnvironment: "node",
  transform: { "^.+\\.ts$": "ts-jest" },
};
module.exports = {
  projects: [
    { ...common, displayName: "unit", testMatch: ["<rootDir>/tests/**/*.test.ts"], testPathIgnorePatterns: ["\\.engine\\.test\\.ts$"] },
    { ...common, displayName: "engines", testMatch: ["<rootDir>/tests/**/*.engine.test.ts"] },
  ],
};
