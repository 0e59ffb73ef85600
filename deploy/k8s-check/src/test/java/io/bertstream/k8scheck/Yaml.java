package io.bertstream.k8scheck;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads YAML files (one or more documents) as plain maps and lists, and deep-copies them. */
final class Yaml {
    private static final YAMLMapper MAPPER = new YAMLMapper();

    private Yaml() {
    }

    static List<Map<String, Object>> documents(Path file) {
        try (MappingIterator<Map<String, Object>> docs = MAPPER.readerFor(new TypeReference<Map<String, Object>>() { })
                .readValues(file.toFile())) {
            List<Map<String, Object>> out = new ArrayList<>();
            while (docs.hasNextValue()) {
                Map<String, Object> doc = docs.nextValue();
                if (doc != null) {
                    out.add(doc);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static Map<String, Object> document(Path file) {
        List<Map<String, Object>> docs = documents(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + ": expected one YAML document, found " + docs.size());
        }
        return docs.getFirst();
    }

    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            return (T) new ArrayList<>(list.stream().map(Yaml::deepCopy).toList());
        }
        return value;
    }
}
