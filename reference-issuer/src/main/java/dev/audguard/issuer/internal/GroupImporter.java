package dev.audguard.issuer.internal;

import dev.audguard.issuer.internal.RealmModel.Group;
import dev.audguard.issuer.internal.RealmModel.RoleId;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code groups}: each group's realm and client roles and attributes, and its {@code subGroups},
 * recursively. Paths are built from the names ({@code /parent/child}) as Keycloak builds them; a
 * member of a subgroup holds the roles of every group above it ({@link RealmModel#roleMappings}).
 *
 * <p>Not thread-safe; one per import. Runs after roles are resolved and before users.
 */
final class GroupImporter {

    /** Deeper than any real hierarchy; keeps a cyclic-looking document from recursing without end. */
    private static final int MAX_DEPTH = 64;

    private final ImportState state;

    GroupImporter(ImportState state) {
        this.state = state;
    }

    void read(Node root) {
        readLevel(root.get("groups"), null, 0);
    }

    private void readLevel(Node list, String parentPath, int depth) {
        if (depth > MAX_DEPTH) {
            throw list.fail("groups nested deeper than " + MAX_DEPTH + " levels");
        }
        for (Node g : list.items()) {
            g.requireObject();
            Node nameNode = g.get("name");
            String name = nameNode.requiredString();
            if (name.contains("/")) {
                throw nameNode.fail("a group name may not contain '/'");
            }
            String path = (parentPath == null ? "" : parentPath) + "/" + name;
            if (state.groups.containsKey(path)) {
                throw nameNode.fail("duplicate group '" + path + "'");
            }
            state.groups.put(path, new Group(path, name, parentPath, state.roleReferences(g), attributes(g)));
            readLevel(g.get("subGroups"), path, depth + 1);
        }
    }


    private static Map<String, List<String>> attributes(Node g) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : g.get("attributes").members().entrySet()) {
            if (e.getValue().isArray()) {
                out.put(e.getKey(), e.getValue().strings());
            } else if (e.getValue().present()) {
                out.put(e.getKey(), List.of(e.getValue().scalar()));
            }
        }
        return out;
    }
}
