package dev.skirmish.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the names of the compiled classes under a package, one per line, sorted: the build runs it after
 * compiling ({@code process-classes}) to write {@code dev/skirmish/engine/cluster/preload.txt}, the classes a node
 * loads at start so that its graceful stop never needs one the stopping container will no longer load (see
 * {@code Handover.preload}).
 *
 * <pre>java dev.skirmish.tools.ClassList CLASSES_DIR PACKAGE_PATH OUT_FILE</pre>
 */
public final class ClassList {
    private ClassList() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ClassList CLASSES_DIR PACKAGE_PATH OUT_FILE");
        }
        Path root = Path.of(args[0]);
        List<String> names;
        try (Stream<Path> files = Files.walk(root.resolve(args[1]))) {
            names = files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> !n.endsWith("package-info.class") && !n.endsWith("module-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .sorted().toList();
        }
        Path out = Path.of(args[2]);
        Files.createDirectories(out.getParent());
        Files.write(out, names);
        System.out.println("ClassList: " + names.size() + " classes under " + args[1] + " in " + out);
    }
}
