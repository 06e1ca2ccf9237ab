import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def builds = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).drop(1)
assert builds.size() == 2

// 1. Skipped.
assert builds[0].contains('[INFO] threadguard: skipped (threadguard.skip)')
assert !builds[0].contains('.java:[')
assert builds[0].contains('BUILD SUCCESS')

// 2. Checked.
log = builds[1]
def src = new File(basedir, 'src/main/java/dev/it/bugs').canonicalPath
// Maven's compiler shape, one line per finding, which IDEs and CI log parsers link to the source.
assert log.contains("[WARNING] ${src}/ReportMailer.java:[12,9] [future-result-ignored] the Future returned by `executor.submit(...)`")
assert log.contains("[WARNING] ${src}/VisitCounter.java:[9,9] [non-atomic-update] `visits` is updated")
assert log =~ /threadguard found \d+ findings at or above warning in bugs, listed above\./
assert log.contains('Reports: ' + new File(basedir, 'target/threadguard/threadguard.txt').canonicalPath + ', '
        + new File(basedir, 'target/threadguard/threadguard.sarif').canonicalPath)
assert log.contains('@SuppressWarnings("threadguard:')
assert log.contains('run mvn threadguard:baseline')
assert log.contains('-Dthreadguard.failOnViolation=false')
assert log.contains('BUILD FAILURE')
// The compiler's empty annotations root is left out without a word.
assert !log.contains('generated sources left out')

def sarif = new JsonSlurper().parse(new File(basedir, 'target/threadguard/threadguard.sarif'))
def run = sarif.runs[0]
def found = run.results.collect { [it.ruleId, it.locations[0].physicalLocation.artifactLocation.uri, it.locations[0].physicalLocation.region.startLine] }
assert found.containsAll([
        ['future-result-ignored', 'src/main/java/dev/it/bugs/ReportMailer.java', 12],
        ['non-atomic-update', 'src/main/java/dev/it/bugs/VisitCounter.java', 9]])
assert run.results.every { it.partialFingerprints['threadguard/v1'] ==~ /[0-9a-f]{32}/ }
// A finding of each rule family threadguard has (the families are the rule descriptors' tags). Ledger.java
// (locks taken in opposite orders) and Poller.java (a pool never shut down, a swallowed interrupt) are
// here for the lock-order and lifecycle families.
def families = run.results.collect { r -> run.tool.driver.rules[r.ruleIndex].properties.tags[1] } as Set
assert families == run.tool.driver.rules.collect { it.properties.tags[1] } as Set
return true
