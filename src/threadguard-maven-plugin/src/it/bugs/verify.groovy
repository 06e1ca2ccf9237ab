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
assert log.contains('threadguard found 2 findings at or above warning in bugs, listed above.')
// The compiler's empty annotations root is left out without a word.
assert !log.contains('generated sources left out')
assert log.contains('Reports: ' + new File(basedir, 'target/threadguard/threadguard.txt').canonicalPath + ', '
        + new File(basedir, 'target/threadguard/threadguard.sarif').canonicalPath)
assert log.contains('@SuppressWarnings("threadguard:future-result-ignored")')
assert log.contains('run mvn threadguard:baseline')
assert log.contains('-Dthreadguard.failOnViolation=false')
assert log.contains('BUILD FAILURE')

def sarif = new JsonSlurper().parse(new File(basedir, 'target/threadguard/threadguard.sarif'))
def run = sarif.runs[0]
def results = run.results
assert results*.ruleId == ['future-result-ignored', 'non-atomic-update']
assert results.collect { it.locations[0].physicalLocation.artifactLocation.uri } ==
        ['src/main/java/dev/it/bugs/ReportMailer.java', 'src/main/java/dev/it/bugs/VisitCounter.java']
assert results.every { it.partialFingerprints['threadguard/v1'] ==~ /[0-9a-f]{32}/ }
// One finding of each rule family threadguard has (the families are the rule descriptors' tags): a new
// family needs a bug here.
def families = results.collect { r -> run.tool.driver.rules[r.ruleIndex].properties.tags[1] } as Set
assert families == run.tool.driver.rules.collect { it.properties.tags[1] } as Set
return true
