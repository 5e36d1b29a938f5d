import { expect, it } from "vitest";
import { hostAndPort, serversFromEnvironment } from "../src/support/environment.js";

it("reads the servers from the environment, MySQL defaulting to the local test database", () => {
  expect(serversFromEnvironment({})).toEqual({
    memcachedUrl: undefined,
    tokyoTyrantUrl: undefined,
    mysqlUrl: "mysql://root@127.0.0.1:3306/test",
  });
  expect(
    serversFromEnvironment({
      TIER_MEMCACHED_URL: "memcached://10.0.0.1:11211",
      TIER_TOKYOTYRANT_URL: " tt://10.0.0.5:1978 ",
      TIER_MYSQL_URL: "mysql://app@db:3306/shop",
    }),
  ).toEqual({
    memcachedUrl: "memcached://10.0.0.1:11211",
    tokyoTyrantUrl: "tt://10.0.0.5:1978",
    mysqlUrl: "mysql://app@db:3306/shop",
  });
});

it("turns a server URL into the host:port the adapters take, filling in the default port, and refuses another scheme", () => {
  expect(hostAndPort("memcached://10.0.0.1:11211", "memcached:")).toBe("10.0.0.1:11211");
  expect(hostAndPort("tt://[::1]:1978", "tt:")).toBe("[::1]:1978");
  expect(() => hostAndPort("tt://10.0.0.5:1978", "memcached:")).toThrow(/memcached:\/\/host:port/);
  expect(hostAndPort("memcached://10.0.0.1", "memcached:")).toBe("10.0.0.1:11211");
  expect(hostAndPort("tt://tt.internal", "tt:")).toBe("tt.internal:1978");
});
