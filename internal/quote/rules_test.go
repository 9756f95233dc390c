package quote

import (
	"strings"
	"testing"
)

// TestSpeakerRules covers the attribution rules one by one: each case is a
// sentence shape from news writing (PolNeAR's train split taught which span
// annotators mark) and the speaker span and name the extractor must give.
func TestSpeakerRules(t *testing.T) {
	type want struct {
		quote   string // a passage of the quote's text
		source  string // the speaker span's text
		speaker string // SpeakerName; "*" leaves it unchecked
	}
	tests := []struct {
		name     string
		text     string
		mentions []string
		want     []want
		noSource []string // texts no quote may have as its speaker span
	}{
		{
			name:     "relative pronoun joins the speaker span",
			text:     "Trump made no mention of Jeb Bush, who announced he is suspending his campaign on Saturday.",
			mentions: []string{"Jeb Bush=PERSON", "Trump=PERSON"},
			want:     []want{{"he is suspending his campaign", "Jeb Bush, who", "Jeb Bush"}},
		},
		{
			name:     "inverted subject opening with a lower-case word",
			text:     "\"I'm not going to say it is a mistake, so forget about it,\" said retired neurosurgeon Ben Carson, asked about his claims.",
			mentions: []string{"Ben Carson=PERSON"},
			want:     []want{{"forget about it", "retired neurosurgeon Ben Carson", "Ben Carson"}},
		},
		{
			name: "inverted indefinite subject",
			text: "Clinton led in Iowa. “She is too far behind,” said an Iowa Democrat, “and Iowa was not a decisive win.”",
			want: []want{{"She is too far behind", "an Iowa Democrat", "*"}, {"Iowa was not a decisive win", "an Iowa Democrat", "*"}},
		},
		{
			name:     "inverted subject followed by a time",
			text:     "“We will win this state,” said Ann Lewis on Tuesday.",
			mentions: []string{"Ann Lewis=PERSON"},
			want:     []want{{"We will win this state", "Ann Lewis", "Ann Lewis"}},
		},
		{
			name:     "a cue's object before a quotation is no inverted subject",
			text:     "Senator Richard Shelby, the Alabama Republican who heads the committee, said Ms. Brainard's donations ''call into question the political independence'' of the bank.",
			mentions: []string{"Richard Shelby=PERSON", "Brainard=PERSON"},
			noSource: []string{"Ms. Brainard's donations"},
		},
		{
			name:     "according to governs the speech verbs of its sentence",
			text:     "About 40 rabbis have said that they plan to protest the speech on Monday, according to an organizer.",
			want:     []want{{"they plan to protest the speech", "an organizer", "*"}},
			noSource: []string{"About 40 rabbis"},
		},
		{
			name:     "opening according to governs a quotation",
			text:     "According to the Post, Bush officials said their candidate would \"not back Trump now.\"",
			mentions: []string{"Post=ORG", "Bush=PERSON", "Trump=PERSON"},
			want:     []want{{"not back Trump now", "the Post", "Post"}},
			noSource: []string{"Bush officials"},
		},
		{
			name:     "a thought verb inside reported speech gives way to the speech verb",
			text:     "Alixandria Lapp, executive director of the PAC, said she thinks Republicans \"are going to be dragged down by the anger of Trump.\"",
			mentions: []string{"Alixandria Lapp=PERSON", "Trump=PERSON"},
			want:     []want{{"are going to be dragged down", "Alixandria Lapp", "Alixandria Lapp"}},
			noSource: []string{"she"},
		},
		{
			name:     "a participle inside reported speech gives way too",
			text:     "\"There is a sense of urgency,\" Law said, noting that donors feel \"we've got to find an insurance policy.\"",
			mentions: []string{"Law=PERSON"},
			want:     []want{{"insurance policy", "Law", "Law"}},
			noSource: []string{"donors"},
		},
		{
			name:     "a cue right after a quotation is not nested in the cue before",
			text:     "In her speech, Shonda Rhimes declared the need for drive: “Change the world and then change it again,” she said.",
			mentions: []string{"Shonda Rhimes=PERSON"},
			want:     []want{{"Change the world", "she", "Shonda Rhimes"}},
		},
		{
			name:     "a quotation with no cue goes to the sentence's subject",
			text:     "Trump spoke on Monday. Senate Majority Leader Mitch McConnell delivered a blunt message to Trump: \"It's time to quit attacking various people and get on message.\"",
			mentions: []string{"Mitch McConnell=PERSON", "Trump=PERSON"},
			want:     []want{{"quit attacking", "Senate Majority Leader Mitch McConnell", "Mitch McConnell"}},
		},
		{
			name:     "a label opens a transcript turn",
			text:     "Gov. Mary Fallin spoke to CNN.\n\nFALLIN: Well, I think the whole nation needs to work together, and I understand that people are scared.",
			mentions: []string{"Mary Fallin=PERSON", "CNN=ORG"},
			want:     []want{{"the whole nation needs to work together", "FALLIN", "*"}},
			noSource: []string{"I"},
		},
		{
			name:     "a label opens a headline quotation",
			text:     "Kasich: ‘We Are Going To Go All The Way To Cleveland.’\n\nOhio Gov. John Kasich spoke on Tuesday.",
			mentions: []string{"Kasich=PERSON", "John Kasich=PERSON"},
			want:     []want{{"All The Way To Cleveland", "Kasich", "John Kasich"}},
		},
		{
			name:     "a label must name someone",
			text:     "UPDATE: The vote on the bill was delayed until Friday, officials said.",
			noSource: []string{"UPDATE"},
		},
		{
			name:     "she skips the man named last",
			text:     "Hillary Clinton met Bernie Sanders in Iowa.\n\nSanders spoke first. “We will fight for every vote,” she said.",
			mentions: []string{"Hillary Clinton=PERSON", "Bernie Sanders=PERSON", "Sanders=PERSON"},
			want:     []want{{"We will fight for every vote", "she", "Hillary Clinton"}},
		},
		{
			name:     "a title tells the gender",
			text:     "Mrs. Clinton debated Mr. Trump on Monday.\n\n“I have a plan for the economy,” she said.",
			mentions: []string{"Clinton=PERSON", "Trump=PERSON"},
			want:     []want{{"I have a plan", "she", "Clinton"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(tt.text, mentionsOf(tt.text, tt.mentions...))
			checkSpans(t, tt.text, got)
			src := func(f Found) string {
				if f.SourceStart < 0 {
					return ""
				}
				return tt.text[f.SourceStart:f.SourceEnd]
			}
			for _, w := range tt.want {
				ok := false
				for _, f := range got {
					if !strings.Contains(f.Text, w.quote) {
						continue
					}
					ok = true
					if src(f) != w.source || w.speaker != "*" && f.SpeakerName != w.speaker {
						t.Errorf("%q: speaker %q (%q), want %q (%q)", w.quote, src(f), f.SpeakerName, w.source, w.speaker)
					}
				}
				if !ok {
					t.Errorf("no quote holding %q; got:\n%s", w.quote, dump(tt.text, got))
				}
			}
			for _, bad := range tt.noSource {
				for _, f := range got {
					if src(f) == bad {
						t.Errorf("%q attributed to %q; got:\n%s", f.Text, bad, dump(tt.text, got))
					}
				}
			}
		})
	}
}

func TestGenderOfName(t *testing.T) {
	tests := []struct {
		name string
		want byte
	}{
		{"Hillary Clinton", genderFemale},
		{"Donald Trump", genderMale},
		{"john kirby", genderMale},
		{"Penny Wong", genderFemale},
		{"Zelenskyy", genderUnknown},
		{"", genderUnknown},
		{"Jean Smith", genderUnknown}, // listed for both
	}
	for _, tt := range tests {
		if got := genderOfName(tt.name); got != tt.want {
			t.Errorf("genderOfName(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
