package quote

import "strings"

// Gender agreement keeps "she said" from going to the man named last. It
// needs only a guess: a title ("Mr.", "Mrs.") before the name or a common
// given name. A name it cannot place agrees with both pronouns.

const (
	genderUnknown = 0
	genderMale    = 'm'
	genderFemale  = 'f'
)

// pronounGender is the gender a pronoun demands, genderUnknown for none.
func pronounGender(lw string) byte {
	switch lw {
	case "he", "him", "his":
		return genderMale
	case "she", "her", "hers":
		return genderFemale
	}
	return genderUnknown
}

// maleNames and femaleNames are common given names, English-language and
// international, chosen by hand; an unlisted name is simply unknown.
var maleNames = set("john", "james", "robert", "michael", "william", "david", "richard", "joseph",
	"thomas", "charles", "christopher", "daniel", "matthew", "anthony", "mark", "donald", "steven",
	"paul", "andrew", "joshua", "kenneth", "kevin", "brian", "george", "timothy", "ronald", "edward",
	"jason", "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric", "jonathan", "stephen", "larry",
	"justin", "scott", "brandon", "benjamin", "samuel", "gregory", "frank", "alexander", "raymond",
	"patrick", "jack", "dennis", "jerry", "tyler", "aaron", "jose", "adam", "henry", "nathan",
	"douglas", "zachary", "peter", "kyle", "walter", "ethan", "jeremy", "harold", "keith",
	"christian", "roger", "noah", "gerald", "carl", "terry", "sean", "austin", "arthur", "lawrence",
	"jesse", "dylan", "bryan", "joe", "jordan", "billy", "bruce", "albert", "willie", "gabriel",
	"logan", "alan", "juan", "wayne", "roy", "ralph", "randy", "eugene", "vincent", "russell",
	"elijah", "louis", "bobby", "philip", "johnny", "bernie", "bernard", "ted", "jeb", "marco",
	"ben", "chris", "mike", "rand", "newt", "barack", "bill", "mitt", "rick", "tim", "jim", "bob",
	"tom", "dick", "harry", "ron", "ken", "dan", "jeff", "steve", "tony", "rudy", "reince",
	"lindsey", "mitch", "chuck", "harry", "al", "joseph", "colin", "lloyd", "antony", "volodymyr",
	"vladimir", "sergei", "sergey", "dmitry", "ali", "mohammad", "mohammed", "muhammad", "ahmed",
	"hassan", "ebrahim", "benjamin", "emmanuel", "olaf", "boris", "rishi", "keir", "justin",
	"xi", "narendra", "recep", "kim", "jens", "josep", "wang", "li", "hans", "pierre", "jean",
	"francois", "françois", "giuseppe", "carlos", "luis", "miguel", "pedro", "ivan", "igor",
	"yevgeny", "oleksii", "dmytro", "abbas", "hossein", "javad", "mahmoud", "mohsen", "ismail",
	"corey", "paul", "eric", "jared", "stephen", "sean", "hugh", "glenn", "rush",
	"sheldon", "reid", "martin", "howard", "wolf", "jake", "anderson", "lester", "brit", "bret")

var femaleNames = set("mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan",
	"jessica", "sarah", "karen", "lisa", "nancy", "betty", "margaret", "sandra", "ashley", "kimberly",
	"emily", "donna", "michelle", "carol", "amanda", "dorothy", "melissa", "deborah", "stephanie",
	"rebecca", "sharon", "laura", "cynthia", "kathleen", "amy", "angela", "shirley", "anna",
	"brenda", "pamela", "emma", "nicole", "helen", "samantha", "katherine", "christine", "debra",
	"rachel", "carolyn", "janet", "catherine", "maria", "heather", "diane", "ruth", "julie",
	"olivia", "joyce", "virginia", "victoria", "kelly", "lauren", "christina", "joan", "evelyn",
	"judith", "megan", "andrea", "cheryl", "hannah", "jacqueline", "martha", "gloria", "teresa",
	"ann", "sara", "madison", "frances", "kathryn", "janice", "jean", "abigail", "alice", "julia",
	"judy", "sophia", "grace", "denise", "amber", "doris", "marilyn", "danielle", "beverly",
	"isabella", "theresa", "diana", "natalie", "brittany", "charlotte", "marie", "kayla", "alexis",
	"lori", "hillary", "hilary", "chelsea", "carly", "sarah", "nikki", "condoleezza", "condi",
	"madeleine", "elizabeth", "elise", "huma", "debbie", "donna", "kellyanne", "ivanka", "melania",
	"michelle", "megyn", "katrina", "hope", "dana", "rachel", "maggie", "jill", "tammy", "kamala",
	"nancy", "penny", "theresa", "angela", "ursula", "kaja", "liz", "penny", "priti", "annalena",
	"giorgia", "marine", "jacinda", "julia", "golda", "indira", "benazir", "aung", "tsai", "yulia",
	"olena", "iryna", "svetlana", "maria", "anne", "sophie", "claire", "kristen", "kirsten",
	"susana", "jeanne", "janet", "gina", "loretta", "sally", "valerie", "samantha", "susan",
	"mazie", "tulsi", "amy", "kristi", "gretchen", "stacey", "ilhan", "alexandria", "ayanna")

// genderOfName guesses the gender of a display name from its first word.
func genderOfName(name string) byte {
	first, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(name)), " ")
	switch {
	case maleNames[first] && !femaleNames[first]:
		return genderMale
	case femaleNames[first] && !maleNames[first]:
		return genderFemale
	}
	return genderUnknown
}

// genderAt guesses the gender of the person named at byte p with display
// name name: a title just before p decides ("Mrs. Clinton"), then the
// given name.
func (x *extractor) genderAt(p int, name string) byte {
	before := x.s[max(0, p-6):p]
	switch {
	case strings.HasSuffix(before, "Mr. "), strings.HasSuffix(before, "Mr "):
		return genderMale
	case strings.HasSuffix(before, "Mrs. "), strings.HasSuffix(before, "Ms. "), strings.HasSuffix(before, "Mrs "), strings.HasSuffix(before, "Ms "):
		return genderFemale
	}
	return genderOfName(name)
}

// agrees tells whether a pronoun of gender want can stand for a speaker of
// gender got.
func agrees(want, got byte) bool {
	return want == genderUnknown || got == genderUnknown || want == got
}
