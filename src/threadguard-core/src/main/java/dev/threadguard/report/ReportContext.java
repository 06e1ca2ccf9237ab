package dev.threadguard.report;

import dev.threadguard.rules.RuleInfo;

import java.nio.file.Path;
import java.util.List;

/**
 * What a report needs besides the result.
 *
 * @param toolVersion      threadguard's version
 * @param rules            every rule that ran (SARIF lists them all as descriptors)
 * @param workingDirectory finding paths are relative to it; SARIF's {@code %SRCROOT%}
 * @param color            whether text output may use ANSI colours
 */
public record ReportContext(String toolVersion, List<RuleInfo> rules, Path workingDirectory, boolean color) {
}
