import { Testing } from "cdktf";
// The matchers' types (toHaveResourceWithProperties, ...) for every test file.
import "cdktf/lib/testing/adapters/jest";

Testing.setupJest();
