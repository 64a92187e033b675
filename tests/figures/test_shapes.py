"""Sentence shapes the figure finder reads (``figures/finder.py``), each on a short report."""

from __future__ import annotations

import pytest

from tollwatch.contract import Document
from tollwatch.figures import extract_figures


def read(text: str, title: str | None = None) -> list[tuple[str, int | None, str]]:
    doc = extract_figures(Document(id="t", text=text, title=title))
    return [(f.outcome, f.count.best, f.evidence.text) for f in doc.figures]


def summary(text: str, title: str | None = None) -> tuple[int, int]:
    s = extract_figures(Document(id="t", text=text, title=title)).summary
    return (s.killed.best or 0) if s.killed else 0, (s.injured.best or 0) if s.injured else 0


@pytest.mark.parametrize(
    ("text", "title", "want"),
    [
        # "one of five victims ... has died": the one died, the five are the victims
        ("One of five people shot outside a club on Sunday has died, police said.", None, (1, 4)),
        ("One of Five Victims in Drive-By Shooting Dies", None, (1, 0)),
        # "one of five people shot": the five were shot
        ("Darnell Hicks was one of five people shot at the park.", None, (0, 5)),
        # headlines: "shot, killed" is killed; an adverb after the verb is no object
        ("You must enter the characters.", "18-year-old shot, killed on Southwest Side", (1, 0)),
        ("Share this.", "Woman shot and killed due to negligent discharge of a rifle", (1, 0)),
        ("Share this.", "1-year-old suffers fatal gunshot wound to the face", (1, 0)),
        # died later, in other words
        (
            "The boy was shot in the head on Friday. He sadly passed away on Sunday.",
            "Boy shot in head",
            (1, 0),
        ),
        ("The toddler was taken to the hospital and pronounced dead.", "Toddler shot", (1, 0)),
        # "remains in critical condition" is a wounded person
        ("An 8-year-old girl died and her father remains in critical condition.", None, (1, 1)),
        # shooting at a dog is no one shot; the child hit is
        (
            "The officer shot at the dog but missed and struck the child in the leg. "
            "The girl is in stable condition.",
            "4-year-old shot by police officer",
            (0, 1),
        ),
        # one the police kill after he shot others is dead on top of his victims; one they kill
        # with no victims of his told is the only death
        (
            "Police said a man shot and killed by officers in Elmford on Sunday had earlier shot and killed "
            "his girlfriend and two neighbors.",
            None,
            (4, 0),
        ),
        (
            "Hollis killed his wife and her sister before being fatally shot by sheriff deputies.",
            None,
            (3, 0),
        ),
        (
            "The family of a teen shot and killed by a Dunmore police officer has hired an attorney.",
            None,
            (1, 0),
        ),
        # as many people as ages: "his sons, ages 3 and 5"
        (
            "Ray Dunn shot and killed his sons, ages 3 and 5, then turned the gun on himself, deputies said.",
            None,
            (3, 0),
        ),
        (
            "Deputies said the victims, ages 19, 20 and 23, were shot outside a bar in Alder Creek.",
            None,
            (0, 3),
        ),
        # a death in a crash is no toll of violence
        (
            "A 6-year-old was fatally shot in Dell County early Friday, deputies said.",
            "Boy, 6, fatally shot; grandfather dies in crash",
            (1, 0),
        ),
        ("A man who fled police died after crashing into a guardrail on Route 9.", None, (0, 0)),
        # the one a vigil is held for died in another shooting
        (
            "A 9-year-old girl was shot in the arm Sunday night, just as people gathered for a vigil for a 15-year-old "
            "boy fatally shot earlier in the day, police said.",
            None,
            (0, 1),
        ),
        # an implied count in the plural or with another noun: "quadruple murders", "triple slaying"
        ("Share this story.", "Teen sentenced for quadruple murders at Elm Street home", (4, 0)),
        ("Share this story.", "Two charged in triple slaying near Millbrook", (3, 0)),
        # a headline's count that the lead tells as a tally of separate incidents is no one incident's
        (
            "Two teenagers died early Thursday in separate incidents in Oakdale. Sam Lee, 16, suffered an "
            "accidental gunshot wound at a friend's apartment and later died, police said.",
            "Two Oakdale teens die early Thursday",
            (1, 0),
        ),
        # a list of names, last names alone or with an age, is so many people
        (
            "Officers said Dwayne Fitch shot his ex-wife and her new husband late Friday. "
            "Marlow and Kessler were pronounced dead at the scene.",
            None,
            (2, 0),
        ),
        ("Tate and Ronald Amesbury, 19, died after gunfire rang out early Sunday.", None, (2, 0)),
        # the lead tells of one death; a count met only well past it is a tally of other deaths
        (
            "An 11-year-old boy died late Wednesday after he was accidentally shot in a home in Elm Park. "
            "He was hit in the abdomen, police said. A relative was charged in his death on Thursday. "
            "Neighbors said at least eight people were killed on the block.",
            "Boy, 11, killed in accidental shooting",
            (1, 0),
        ),
        # "the deaths of" names the dead, the one who fired among them: no one on top for the suicide
        (
            "The deaths of a mother and her young daughter inside a home in Elmwood were a murder-suicide, "
            "police said.",
            None,
            (2, 0),
        ),
        # a headline that counts the wounded and no dead: a death told only well past the lead is
        # someone else's (here the one mourned at the funeral)
        (
            "FRESNO — Four people were shot Friday afternoon outside a church in south Fresno, police said. "
            "All four were taken to Community Regional Medical Center. Police said two men and two women "
            "were hit. Mourners had gathered for the funeral of Luis Arroyo, 24. Arroyo was shot and "
            "killed near the church.",
            "Four injured in shooting outside Fresno funeral",
            (0, 4),
        ),
        # a count of "other" dead is on top of someone told before: a murder-suicide's floor is raised
        # by the count of all of them, told later
        (
            "OAKDALE — Police are still investigating a murder-suicide at a home on Pine Road. "
            "Investigators say a 30-year-old man began by killing his 15-year-old brother. Three other "
            "family members were killed in the home before the man shot himself. Relatives gathered "
            "Friday to mourn the five family members killed.",
            "Police seek motive in Oakdale murder-suicide",
            (5, 0),
        ),
        # "an attempted murder-suicide": the man who turned the gun on himself is not said to be dead
        (
            "Police say a man shot his wife before turning the gun on himself at a home in Birchdale. "
            "Their son, 4, was also wounded in the attempted murder-suicide.",
            "Boy wounded in attempted murder-suicide",
            (0, 2),
        ),
        # the forces kill the one who fired: his death is on top of his victims, told anywhere in the
        # report, and he is none of those he shot
        (
            "Ford shot and killed three co-workers and injured 14 others before police killed him.",
            None,
            (4, 14),
        ),
        (
            "Gavin Lake killed three officers and wounded three others before a SWAT marksman killed Lake.",
            None,
            (4, 3),
        ),
        (
            "A gunman shot and killed four Marines at a recruiting center on Thursday. "
            "Sam Alder, 24, was killed in a gun battle with police.",
            None,
            (5, 0),
        ),
        (
            "A gunman killed three officers and wounded three others on Sunday. One officer was shot in the "
            "head. Another was shot in the chest. A deputy was shot in the leg, police said. Two of the "
            "wounded officers were released on Monday. One officer remained in critical condition. "
            "The gunman, who wore black, was killed by a SWAT officer.",
            None,
            (4, 3),
        ),
        # "among 11 people shot, one fatally, from Tuesday afternoon": a tally of a city's shootings
        (
            "A 16-year-old boy and a 19-year-old man were each shot in the leg early Wednesday. The teen and "
            "the man were among 11 people shot, one fatally, from Tuesday afternoon to early Wednesday.",
            None,
            (0, 2),
        ),
        # killed in an officer-involved shooting: the one the police shot is "the suspect" told later
        (
            "Officers were called to a home in Dover for a report of a teen with a handgun. "
            "The suspect was pronounced deceased at the scene.",
            "Dover 17-year-old killed in officer-involved shooting",
            (1, 0),
        ),
        # "no one was killed": a death the report names is of another time
        (
            "Six people were shot at a club early Sunday, police said. Her husband, Tom Reyes, was murdered "
            "while working as a bouncer at a bar. She is amazed no one was killed in the shooting on Sunday.",
            None,
            (0, 6),
        ),
        # "by Ardmore, Okla. police": the place's comma does not hide the police
        (
            "A teen on a crime spree was shot and killed by Elmford, Okla. police on Thursday after "
            "shooting four people.",
            None,
            (1, 4),
        ),
        ("Share this story.", "Teenager accidentally shot and killed by girlfriend, police say", (1, 0)),
        # a longer "of" phrase between the subject and its verb
        ("Share this story.", "Second victim of suspected 15-year-old Dover Heights gunman dies", (2, 0)),
        # a death told by a possessive
        ("Share this story.", "Man charged in his brother's death", (1, 0)),
        # "shot his daughter dead": a death; with the shooter's suicide, two
        (
            "A man shot his 1-year-old daughter dead before turning the gun on himself, deputies said.",
            None,
            (2, 0),
        ),
        # the count after a possessive: "killed his ex-girlfriend's two daughters"
        (
            "A man shot and killed his ex-girlfriend's two teenage daughters, then turned the gun on himself.",
            None,
            (3, 0),
        ),
        # "..., self": the shooter is in the count, and counted once
        ("Share this story.", "Gunman kills 3 bandmates, self after argument", (4, 0)),
        ("Share this story.", "Father kills 9-year-old daughter, self during visit", (2, 0)),
        # what happened said by an adjective: "Fatal victim", "a wounded 12-year-old girl"
        ("Share this story.", "Fatal victim ID'd, 3 others injured in Dayton shooting", (1, 3)),
        ("Police found three women dead and a wounded 12-year-old girl in the house.", None, (3, 1)),
        # "she shot both" is what she did, not what happened to her
        ("She shot both of the children in the kitchen.", None, (0, 2)),
        # "the victim, a six-year-old girl," is one person
        ("Deputies said the victim, a six-year-old girl, had been fatally wounded.", None, (1, 0)),
        # "1 dead as shooter remains at large": the one dead is no shooter
        ("Share this story.", "Four people shot outside club; 1 dead as shooter remains at large", (1, 3)),
        # "and a child who had died" is another person's death
        ("Officers found a 56-year-old who had been shot in the leg and a child who had died.", None, (1, 1)),
        # a list of objects is a list of people, not "grazes child" as one
        ("Share this story.", "Bullet kills man, grazes child in home", (1, 1)),
        # a name with an appositive is a subject: "Chapman, a 23-year-old man, was fatally shot";
        # "three other men" were shot on top of him
        (
            "Randy Chapman, a 23-year-old man, was fatally shot shortly after midnight. "
            "Three other men at the scene were also hit by gunfire.",
            None,
            (1, 3),
        ),
        # "the boy's mother" is the mother
        (
            "Police fatally shot the boy's mother during an exchange of gunfire. The boy was wounded.",
            None,
            (1, 1),
        ),
        # "his parents" are two
        ("The teenager is accused of fatally shooting his parents and three younger siblings.", None, (5, 0)),
        # a place is no subject, and the death comes a long way after the wound
        (
            "A 14-year-old boy shot earlier this week while riding in a car in downtown Des Moines has died.",
            None,
            (1, 0),
        ),
        # "shot himself and a friend": two people hit
        ("A day later police said a boy accidentally shot himself and a friend inside a home.", None, (0, 2)),
        # headlines drop articles after words that begin a clause or a list
        ("Share this story.", "Two men charged after baby girl accidentally shot, killed", (1, 0)),
        ("Share this story.", "Gunfire at motel leaves man dead & 3 others hurt", (1, 3)),
        ("Share this story.", "6-year-old girl and grandfather found dead", (2, 0)),
        ("Share this story.", "Eighth grader dead after shooting at Lexington home", (1, 0)),
        # killing oneself, and the one who fired is the one hurt
        ("Share this story.", "Police: Child accidentally shoots, kills self in Gwinnett County", (1, 0)),
        ("Share this story.", "Teen, 14, shot himself dead while hunting", (1, 0)),
        # "kills intruder" has a victim; "mass killing suspect" is a noun compound
        ("Share this story.", "Father saves son, kills intruder in Lemon Grove", (1, 0)),
        ("Share this story.", "Mass killing suspect appears in court", (0, 0)),
        # headline shapes of the wounded
        ("Share this.", "WJTV News Channel 12 - Five Injured in Nightclub Shooting", (0, 5)),
        ("Share this.", "4-year-old shot allegedly by 6-year-old brother", (0, 1)),
        ("Share this.", "2-year-old girl critically hurt in shooting, police say", (0, 1)),
        ("Share this.", "Hickman County deputy's daughter injured in accidental shooting", (0, 1)),
        ("Share this.", "Woman critical after being accidentally shot in face", (0, 1)),
        ("Share this.", "Three suffer gunshot wounds in county shooting", (0, 3)),
        ("Share this.", "Bismarck man arrested after 6 month old baby is shot in neck", (0, 1)),
        ("Share this.", "Boy, 10, recovering after being accidentally shot by his brother", (0, 1)),
        ("Share this.", "Man accidentally shoots his leg while cleaning gun at store", (0, 1)),
        # "critical of" is an opinion, "succumbed to cancer" no toll of violence
        ("The mayor was critical of the police response to the protest.", None, (0, 0)),
        (
            "An 8-year-old boy accidentally shot himself, nine months after the boy's father succumbed "
            "to cancer.",
            "Boy killed in accidental shooting",
            (1, 0),
        ),
        # "father of 3" counts no one; "shoots friend, 14, dead" is a death
        ("A father of three who stopped at a store was fatally shot on Sunday.", "Father of 3 shot", (1, 0)),
        ("Share this.", "Teen accidentally shoots friend, 14, dead in East Toledo", (1, 0)),
        # a participle phrase is read past like a relative clause
        ("An 11-year-old boy riding his bike was shot in the leg, police said.", None, (0, 1)),
        # a name after a one-person noun is that person, not one more
        ("The boy's grandfather, Walter Ames, 61, died at the scene.", None, (1, 0)),
        (
            "Police identified the victim as their neighbor, 19-year-old Dana Oakes, who was killed.",
            None,
            (1, 0),
        ),
        # "another man" is one more victim; "shot another teen" is the shooter's victim
        ("A man was killed Friday night. Another man, also 30, was wounded in the arm.", None, (1, 1)),
        ("Share this.", "Teen accidentally shoots another teen in Elm Park", (0, 1)),
        # "a woman in her 30's": a decade of age, no count
        ("Police said a woman in her 30's was shot on Elm Street early Sunday.", None, (0, 1)),
        # "survived" says one of those shot lived ("one of the five victims survived" is the one);
        # "he is survived by his wife" is the dead man's family
        (
            "A 17-year-old was charged Monday in the slayings of four people at a home on Birch Lane last "
            "summer. Police said the accomplice shot the victims. One victim survived.",
            "Teen charged in 4 slayings at Birch Lane home",
            (4, 1),
        ),
        (
            "A judge sentenced Carl Voss to life for the quadruple murders on Birch Lane. One of the five "
            "victims survived the shooting.",
            "Man sentenced for quadruple murders",
            (4, 1),
        ),
        (
            "Tom Reed, 40, was shot and killed Friday on Main Street. He is survived by his wife.",
            None,
            (1, 0),
        ),
        # "another teen" beside someone of its own sentence told of with no figure (the one who
        # fired) is not one more than the headline's girl
        (
            "A 16-year-old has turned himself in after another teen was critically injured while playing "
            "with a gun on Alder Street. Officers found the 14-year-old victim with a gunshot wound to "
            "the chest. She was rushed to a hospital.",
            "Teen turns himself in after girl hurt in accidental shooting",
            (0, 1),
        ),
        # "a man was also shot": a noun with "also" is one more, not the one told before; not so
        # a kinship noun ("her son also shot"), often the victim told of by another noun
        (
            "The teenager killed near Ridge Park was identified as 16-year-old Carl Denton. He was shot "
            "on Fifth Street around noon. An adult man was also shot and is expected to recover.",
            "Teenager shot, killed on Fifth Street",
            (1, 1),
        ),
        # a paragraph the page repeats tells of the same people once
        (
            "A woman was hurt when a bullet came through her wall. Police said another tenant was struck. "
            "Police said another tenant was struck.",
            None,
            (0, 2),
        ),
        # "with two sisters on the night he was killed": the sisters are no victims
        ("He had been out with two sisters on the night he was killed.", "Man killed", (1, 0)),
        # an ordinal of an arrest counts no victims
        ("A toddler died of a gunshot wound. A third person was arrested Monday.", None, (1, 0)),
        # a vague headline count gives way to the number the lead tells
        (
            "Gunmen shot and killed three deputies on Sunday, the sheriff said.",
            "Multiple deputies killed in ambush",
            (3, 0),
        ),
        # the people a verb acts on "who were found dead" are dead
        (
            "Police are trying to learn what led to the shooting of a couple and their son who were found dead.",
            None,
            (3, 0),
        ),
        # "the fourth to die": four dead at least
        ("Share this.", "Toddler becomes fourth to die after apartment shooting", (4, 0)),
        # "one victim" is a count of one; "one victim is in critical condition" is one of those hit
        ("Three people were injured and one victim was pronounced dead at the scene.", None, (1, 3)),
        ("Five people were wounded. One victim was listed in critical condition.", None, (0, 5)),
        ("One man was wounded in the shooting, police said.", None, (0, 1)),
        # a name, then ", who was ...": the named person
        ("Officers found Dale Moss, who was pronounced dead at the hospital.", None, (1, 0)),
        # two people under one possessive: "his mother and grandmother"
        ("The baby survived after his mother and grandmother were shot and killed in the car.", None, (2, 0)),
        # the people others pronounce dead, or who succumb
        ("The coroner pronounced 18-year-old Ray Collins dead at the scene.", None, (1, 0)),
        ("Ortiz succumbed to her injuries on Tuesday.", "Woman shot in Elm Park", (1, 0)),
        # a participle phrase in a headline
        ("Share this.", "Sheriff: 6-year-old playing with gun shot and killed", (1, 0)),
        # a death the report recalls further down is not one more of this incident's...
        (
            "A 9-year-old boy was shot and killed Sunday while playing with a gun at home. Police said "
            "the gun belonged to a relative. Last spring, a 3-year-old girl was killed in a similar accident "
            "in the same county.",
            "Boy, 9, dies in accidental shooting",
            (1, 0),
        ),
        # ... unless the text says the dead person is one more
        (
            "A man was shot and killed outside a bar on Friday. Police said the gunman fled. "
            "Another man was also killed when the gunman fired into a car.",
            None,
            (2, 0),
        ),
        # "sent to the hospital" are the wounded
        ("Four people were sent to the hospital with gunshot wounds early Sunday.", None, (0, 4)),
        # a vague count gives way to the shot count, less the dead
        (
            "Police said one person is dead and a number of other victims are injured. Four people "
            "were confirmed to have been shot.",
            "One dead, several injured in shooting",
            (1, 3),
        ),
        # ... but a vague count alone stays no number
        ("Several people were injured in the shooting, police said.", None, (0, 0)),
        # a later story tells its incident's toll as of an earlier time ("last summer")...
        (
            "Bond was set Saturday for the second man charged with a shooting that left two people dead "
            "and two more wounded at a park last summer.",
            "Bond set for man charged in double murder",
            (2, 2),
        ),
        (
            "A teenager was charged Tuesday in the slayings of four people at a home last summer.",
            "Teen charged in Oak Street slayings",
            (4, 0),
        ),
        # ... but a report's own toll is not added to by an earlier incident it recalls
        (
            "A man was killed Sunday on Elm Street. Last year, three people were wounded in a shooting nearby.",
            None,
            (1, 0),
        ),
        # ... and a page with no incident of its own has no toll from a year's statistics
        ("In 2012, 21,022 passenger vehicle occupants were killed on the roads.", "Seat belt facts", (0, 0)),
        # "nobody was seriously injured" is no count of the injured
        (
            "Nobody was seriously injured, police said. One passenger had a gunshot wound to the arm.",
            None,
            (0, 1),
        ),
        # the people taken to the hospital are those hit, the dead among them when they died there...
        (
            "A boy and his friend were both taken to the hospital, where the boy died.",
            "Boy, 15, killed",
            (1, 1),
        ),
        # ... unless the dead are said to be others
        ("At least five people were taken to the hospital. Two others died at the scene.", None, (2, 5)),
        # ... and one person taken to the hospital is one person hurt
        ("Two men were found dead in the house. Their neighbor was taken to a hospital.", None, (2, 1)),
        # "he" after a headline's gunman is the gunman
        ("Share this.", "Gunman kills 1 at liquor store before he's fatally shot", (2, 0)),
        # a list of victims may end in a count: "a pastor, his wife and their three youngest children"
        ("Friends mourned the deaths of a pastor, his wife and their three youngest children.", None, (5, 0)),
        ("He accidentally shot and killed his teenage brother and his housemate.", None, (2, 0)),
        # a count's participle phrase is read past too
        ("The coroner says all four people involved in the shooting have now died.", None, (4, 0)),
        # one of several hit who later died is a death, not one more hurt
        ("Two men were shot. One of the men was taken to a hospital where he later died.", None, (1, 1)),
        # "a man and woman", "another man, woman": two people of either sex under one determiner
        ("Two women were killed. Another man, woman were injured in the same shooting.", None, (2, 2)),
        ("A 20-year-old man and 19-year-old woman were shot outside the club.", None, (0, 2)),
        # "sent ... to the hospital", "treated at the scene and released": the wounded
        ("A shooting overnight left two boys dead and sent a teenage girl to the hospital.", None, (2, 1)),
        ("Two men were hospitalized. Three others were treated at the scene and released.", None, (0, 3)),
        # "killing her and another woman" is two; "one police officer" is one officer
        ("He opened fire in the lobby, killing her and another woman before killing himself.", None, (3, 0)),
        ("One Roseville police officer was shot during the standoff.", None, (0, 1)),
        # those who went to the hospital on their own are wounded too
        ("Police said 3 people went to the hospital after the shooting.", None, (0, 3)),
        ("A teenager walked into a hospital with a gunshot wound early Sunday.", None, (0, 1)),
        # "sent a 4-year-old and her mother to the hospital": two
        ("A shooting sent a 4-year-old and her mother to the hospital Sunday.", None, (0, 2)),
        # a state's tally over years is no incident's toll
        (
            "A boy was wounded Sunday. In two-and-a-half years, there were 45 such shootings in the state, "
            "with 29 children wounded and eleven killed.",
            None,
            (0, 1),
        ),
        # people named as objects; "..., killing him" after the one hit
        (
            "Parish fired several shots, killing Sarah Dale and injuring Lee Smith and Dustin Grey.",
            None,
            (1, 2),
        ),
        ("A single shot rang out. It struck Travon Rollins in the chest, killing him.", None, (1, 0)),
        # "two victims of gunshot wounds"
        ("Police found two victims of gunshot wounds. Wells died at the hospital.", None, (1, 1)),
        # "an injured woman" met for the first time is one more hurt
        (
            "Police found four people shot to death inside. An injured woman was found outside the house.",
            None,
            (4, 1),
        ),
        # a list of names is so many people
        (
            "Keyona McKinney, Diamond Hooks, Quanderia Bentley and 17-year-olds Zy Anderson and "
            "Shan Timmons were treated at a hospital and released.",
            None,
            (0, 5),
        ),
        # an incident named by its day ("a Dec. 3 incident") is another one...
        (
            "Four people were wounded in a shooting on Thursday, a block from the site of a Dec. 3 "
            "incident that left five people wounded.",
            None,
            (0, 4),
        ),
        # ... unless the report has no toll of its own: then it is the report's incident
        (
            "Deputies seek a teenager wanted in a June 9 shooting that injured four people.",
            "Deputies seek teen",
            (0, 4),
        ),
        # one agent's victims told verb by verb add up
        ("Police said the man shot and killed his girlfriend and then fatally shot three men.", None, (4, 0)),
        # "the second shooting this week in which a child was shot" is another incident
        (
            "A 5-year-old boy died after being shot in the head. This is the second shooting this week "
            "in which a child was shot in the neighborhood.",
            None,
            (1, 0),
        ),
        # "left him and his two daughters dead": three
        ("Deputies said the shooting Wednesday left him and his two daughters dead.", None, (3, 0)),
        # "five people, four of them students" is five
        ("He fired into the crowd, hitting five people, four of them students.", None, (0, 5)),
        # implied deaths whose words vary: a place inside, a crossfire, a death ruled a homicide
        ("Share this.", "Suspect arrested in fatal Grove City shooting", (1, 0)),
        ("Share this.", "Feud on Facebook put 6-year-old in deadly crossfire", (1, 0)),
        ("Share this.", "Update: Sarasota death ruled homicide", (1, 0)),
        # "serious but stable"
        ("Share this.", "Police officer serious but stable after Sunday shooting", (0, 1)),
        # ... but not a clause with its own subject: "the boy's mother who called 911 after he was shot"
        ("Police said the boy's mother who called 911 after he was shot is fine.", "Boy shot", (0, 1)),
        # someone charged in a homicide, a murder, a slaying: one dead at least
        ("Share this.", "Arrest made in homicide after Eastgate pool party", (1, 0)),
        ("Share this.", "Man charged in Hazelwood slaying", (1, 0)),
        # a headline's bare noun takes no clause before it as its words: "5 hurt when man fires back"
        ("Share this.", "5 hurt when wounded bar patron fires back at gunman", (0, 5)),
        ("Share this.", "Gunman wounds officer, killed aunt and uncle", (2, 1)),
        # people by what they were doing: a patron, a partygoer, a native of the town
        ("A gun went off during the show and struck a patron in the leg.", None, (0, 1)),
        ("A 16-year-old Cambridge native was shot during a drug deal.", None, (0, 1)),
        # a roundup's tally is no incident's toll: its main incident is the first it tells of,
        # with what the next sentences add of the same people
        (
            "Four people were wounded in shootings across the city overnight, police said. About 11 p.m., "
            "a man was shot outside a bar on Elm Street. He was taken to Mercy Hospital. Later, two "
            "women were shot on Fifth Avenue. A teenager was also wounded near a park.",
            "4 wounded in overnight shootings across city",
            (0, 1),
        ),
        (
            "Three people were shot in two separate incidents Saturday night. In the first, a 45-year-old "
            "man was shot in the leg on Oak Street. He is expected to survive. In the second, a man and a "
            "woman were wounded outside a bar on Fifth Avenue.",
            "Three shot in 2 separate incidents",
            (0, 1),
        ),
        # ... and the tally told again as its sum is the tally too
        (
            "Three incidents of gunfire on the east side left a teen dead and six others wounded, police "
            "said. The shootings of seven people in less than a day alarmed residents. On Wednesday "
            "night, Tanya Greer was slain and three others were wounded on Edmore Street.",
            "Police vow crackdown after east side shootings",
            (1, 3),
        ),
        # ... but "the last of three shootings" gives no tally: the report's own toll stands
        (
            "A 19-year-old woman was shot and wounded outside a diner, the last of three shootings that "
            "made up the spree. Two men were killed earlier in the day.",
            "Spree leaves two dead, woman wounded",
            (2, 1),
        ),
        # a headline's age and noun with words between them are one person
        ("Share this.", "17-year-old North High senior shot, killed in Dayton", (1, 0)),
        # "the three people" is the count with its noun, not a pair "the three" beside it
        (
            "Police said a man was killed. The three people who were wounded were taken to the hospital.",
            None,
            (1, 3),
        ),
        # a number between commas after a word is an age, not a count
        ("Officers found a woman, 29, who was shot in the arm outside the store.", None, (0, 1)),
        # "treated for a gunshot wound" is a wounded person
        ("A Fruita man was treated for a gunshot wound to the hand at a hospital Sunday.", None, (0, 1)),
        # a person named and a person told by a noun in one sentence are two people
        (
            "Shots were fired into the house, killing Marcus McCall and critically injuring his brother.",
            None,
            (1, 1),
        ),
        # names joined by a comma alone are no list: the second is the subject of what follows
        (
            "Lawyers said Ray Tillman shot and killed his wife by accident. Asked whether he meant to shoot "
            "Donna Tillman, Ray Tillman said he did not.",
            None,
            (1, 0),
        ),
        # a dateline glued to the sentence by a dash: "-A" is no hyphen inside a word
        ("Millbrook -A girl is in serious condition after a shooting on Friday.", None, (0, 1)),
        # "he shot me," the woman said: the one who speaks was hit, "he" fired
        (
            'Deputies found a woman with a gunshot wound to the arm. "He shot me," the woman said, pointing '
            "at her neighbor.",
            None,
            (0, 1),
        ),
        (
            'A teenager was wounded near a bus stop. "I turned around and he shot me," Dana said.',
            None,
            (0, 1),
        ),
        # the lead's injured count stands against a larger shot count further down
        (
            "A 17-year-old boy was arrested Friday in a shooting that killed a man and injured four other "
            "people. Police said the teen fired into a crowd at a block party on Elm Street. Five other "
            "people were taken to hospitals after the shooting.",
            "Teen charged in shooting that killed 1, injured 4",
            (1, 4),
        ),
        # a headline's subject past its participle phrase: the one the phrase names is no subject
        ("Deputies said.", "Man trying to protect his sister is shot in Riverton", (0, 1)),
        # a tally over months is about other incidents
        (
            "A 6-year-old boy was killed Sunday when he found a loaded gun at his grandparents' home in "
            "Eastfield. The prosecutor said nine children have been shot in the past 14 months because of "
            "unsecured guns.",
            None,
            (1, 0),
        ),
        (
            "A 19-year-old man was shot in the leg Friday night on Birch Street. Neighbors said four people "
            "have been killed in the last three weeks within a few blocks.",
            None,
            (0, 1),
        ),
        # a month and year ("in August 2015") tells of an earlier time, as a year alone does
        (
            "A 16-year-old girl was shot and killed Saturday outside her home on Pine Street, police said. "
            "Court records show that in August 2015 the man police want to question was accused of firing "
            "into a crowd at a cookout, wounding five people.",
            None,
            (1, 0),
        ),
        # "In September, ...": a month named with no day tells of an earlier time
        (
            "A 10-year-old boy was wounded Tuesday when a stray bullet came through his bedroom window in "
            "Oakfield. In September, two girls were shot as they rode their bikes a few blocks away.",
            None,
            (0, 1),
        ),
        # ordinals past the fifth: "a seventh victim" is seven at least; an "eighth grader" is no count
        (
            "Six people were wounded in a shooting at a house party on Maple Avenue early Sunday. Police "
            "said Monday that a seventh victim was also injured.",
            None,
            (0, 7),
        ),
        ("Police said.", "Eighth grader shot and killed in Dayton", (1, 0)),
        # "N others" of the same outcome adds to the count told right before it; not to the dead
        ("Police said.", "Two shot and wounded, three others grazed in Milltown park shooting", (0, 5)),
        ("Police said.", "Three men fatally shot, two others wounded outside Milltown bar", (3, 2)),
        # "X was shot along with three others": four shot
        (
            "A man shot and killed near Harbor Street early Friday was identified as Dale Porter. Porter, 38, "
            "was shot along with three others outside a bar, police said.",
            None,
            (1, 3),
        ),
        # the headline's age differs from the text's one person (a slip): still one person
        (
            "Police said a 6-year-old boy was struck in the leg by a stray bullet Sunday in Fairview. He is "
            "expected to recover.",
            "5-year-old shot while playing in yard",
            (0, 1),
        ),
        # "he ... the gunman ... he was shot": the second 'he' is the first, not the gunman
        (
            "A 16-year-old was shot in the leg Friday night on Oak Street. The teen told police he did not "
            "know the gunman or why he was shot.",
            "Police seek gunman after 16-year-old shot",
            (0, 1),
        ),
        # "the man" first met in a sentence about another incident is that incident's man
        (
            "A 15-year-old boy was in critical condition after being shot Tuesday in Eastside, police said. "
            "Police are also investigating a Sunday shooting on Pine Street that left a man paralyzed. The "
            "man was shot about 9 p.m. near a liquor store.",
            None,
            (0, 1),
        ),
        # a count of the wounded told only far down, after a lead about one person, is a tally
        (
            "A 3-year-old boy was shot in the arm Tuesday at a home on Elm Street, police said. The boy was "
            "taken to a hospital. He was in stable condition. His mother said he was shot while asleep. She "
            "said the boy was struck by a bullet through the wall. Police first said the boy was shot by a "
            "passing car. Later they said he was shot by accident. A neighbor said the boy was hurt before. "
            "Doctors said he was in good condition on Wednesday. The boy is expected to survive. The city "
            "has seen 22 hurt by gunfire since the new year began.",
            None,
            (0, 1),
        ),
        # "one of the suspects was struck by return fire": a shooter wounded is one more person hurt
        (
            "A police officer was shot in the leg during a shootout with two suspects early Sunday. Police "
            "said one of the suspects was struck by return fire.",
            None,
            (0, 2),
        ),
        # "striking the other child": someone told of before; with no one told of, the one hit
        (
            "Police said a toddler found an officer's service weapon at home and fired it, striking the "
            "other child in the leg.",
            None,
            (0, 1),
        ),
        (
            "A woman was shot in the arm on Main Street. A neighbor said the gunman fired again, striking "
            "the boy next door.",
            None,
            (0, 1),
        ),
        # "shot him": likewise one person, when the report tells of no one else
        (
            "Police said a driver was stopped at a red light when someone walked up and shot him in the hand.",
            None,
            (0, 1),
        ),
        # "a fourth wounded": an ordinal with no noun is one more than those told before
        ("Police said.", "Two women shot, a third wounded by flying glass in Millbrook", (0, 3)),
        # ... but "a second shot" is a gunshot
        (
            "A man fired one shot into the air and then a second shot at the car, police said. A boy in "
            "the car was struck in the arm.",
            None,
            (0, 1),
        ),
        # a headline's comma is 'and': "shoots self, friend" is two hit; "himself, father charged" a clause
        ("Police said.", "Teen accidentally shoots self, friend in Oakdale", (0, 2)),
        ("Police said.", "Boy, 4, accidentally shoots himself, father charged", (0, 1)),
    ],
)
def test_summary_of_shapes(text, title, want):
    assert summary(text, title) == want


def test_a_name_of_mixed_case_after_the_verb_is_who_was_shot_not_who_shot():
    figs = read("After the shooting, his grandparents claimed another child shot LaShonda Reyes.")
    assert [(o, n, e) for o, n, e in figs if o != "detained"] == [("injured", 1, "shot LaShonda Reyes")]


def test_the_whole_group_is_the_figure_of_a_participle():
    figs = read("Darnell Hicks was one of five people shot at the park.")
    assert ("injured", 5, "one of five people shot") in figs


def test_the_part_is_the_figure_of_a_finite_verb():
    figs = read("Two of the three men were killed, police said.")
    assert [(o, n) for o, n, _ in figs] == [("killed", 2)]


def test_a_relative_clause_ends_at_a_clause_of_its_own():
    figs = read(
        "A woman who escaped from a trailer where three people were killed early Monday is recovering."
    )
    assert figs == [("killed", 3, "three people were killed")]


def test_a_verb_in_quotes_keeps_its_object():
    figs = read(
        'A caller told deputies that an 18-year-old "accidentally shot" his friend at a home near Cedar Lake.'
    )
    assert figs == [("injured", 1, 'shot" his friend')]
