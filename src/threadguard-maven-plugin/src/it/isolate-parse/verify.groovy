import groovy.json.JsonSlurper

// The plugin's realm started the parse processes (no fallback warning), and the one given the slow file was
// stopped at the limit while the other file was analysed.
def log = new File(basedir, 'build.log').text
def src = new File(basedir, 'src/main/java/dev/it/slow').canonicalPath
assert !log.contains('parsed in threads, not in processes')
assert log =~ /\[WARNING\] \Q${src}\E\/Slow\.java:\[1,1\] \[parse\] given up after (2 s of processor time|10 s by the clock)/
assert log.contains("[WARNING] ${src}/VisitCounter.java:[9,9] [non-atomic-update]")
assert log.contains('BUILD SUCCESS')

def json = new JsonSlurper().parse(new File(basedir, 'target/threadguard/threadguard.json'))
assert json.findings.findAll { it.path == 'src/main/java/dev/it/slow/VisitCounter.java' }*.rule.contains('non-atomic-update')
assert json.findings.every { it.path != 'src/main/java/dev/it/slow/Slow.java' }
assert json.diagnostics*.path == ['src/main/java/dev/it/slow/Slow.java']
return true
