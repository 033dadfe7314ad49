import { describeRoleManager } from "./role-manager-cases";

// The role manager against a real PostgreSQL 17 server (role-manager-cases.ts says how it is made to look like RDS).
describeRoleManager("17");
